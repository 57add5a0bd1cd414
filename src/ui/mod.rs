//! Shared drawing pieces: themes, status, and the widgets every screen uses; nothing here knows
//! the console's state (the header, footer and dialogs that draw it are in `app/`). Nothing here does
//! I/O beyond reading a theme file at start-up.

mod choice;
pub mod status;
pub mod theme;
pub mod widgets;
