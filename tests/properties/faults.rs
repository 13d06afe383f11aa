//! Properties of the faults area.
