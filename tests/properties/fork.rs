//! Properties of the fork area.
