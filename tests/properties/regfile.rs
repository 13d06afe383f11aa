//! Properties of the regfile area.
