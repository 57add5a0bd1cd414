//! Shared drawing pieces: themes, status, and the widgets every screen uses. Nothing here does
//! I/O beyond reading a theme file at start-up.

pub mod chrome;
pub mod dialogs;
pub mod status;
pub mod theme;
pub mod widgets;
