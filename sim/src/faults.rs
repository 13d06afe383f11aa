//! The fault catalog: each fault is a state change; the host's behaviour then logs what
//! Windows logs.
