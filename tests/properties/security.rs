//! Properties of the security area.
