//! The README's screenshots, as SVG drawn from the console's own frames.

mod palette;
mod svg;
