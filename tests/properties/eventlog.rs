//! Properties of the eventlog area.
