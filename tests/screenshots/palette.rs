//! The colours of the terminal the screenshots pretend to be drawn in: xterm's palette under a
//! dark background, since the default theme is made for a dark terminal.

use ratatui::style::Color;
use std::fmt;

/// A colour as SVG writes it, `#rrggbb`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl fmt::Display for Rgb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// What `Color::Reset` means: the terminal's own colours. The foreground is brighter than
/// xterm's colour 7 (`gray`), which the default theme uses for muted text, so the two differ
/// on the page as they do in a real dark terminal.
pub const DEFAULT_FG: Rgb = Rgb(0xf2, 0xf2, 0xf2);
pub const DEFAULT_BG: Rgb = Rgb(0x16, 0x16, 0x16);

/// xterm's sixteen ANSI colours, in index order (ratatui's `Black` … `White`).
const ANSI: [Rgb; 16] = [
    Rgb(0x00, 0x00, 0x00), // black
    Rgb(0xcd, 0x00, 0x00), // red
    Rgb(0x00, 0xcd, 0x00), // green
    Rgb(0xcd, 0xcd, 0x00), // yellow
    Rgb(0x00, 0x00, 0xee), // blue
    Rgb(0xcd, 0x00, 0xcd), // magenta
    Rgb(0x00, 0xcd, 0xcd), // cyan
    Rgb(0xe5, 0xe5, 0xe5), // gray (ANSI white)
    Rgb(0x7f, 0x7f, 0x7f), // dark gray (bright black)
    Rgb(0xff, 0x00, 0x00), // light red
    Rgb(0x00, 0xff, 0x00), // light green
    Rgb(0xff, 0xff, 0x00), // light yellow
    Rgb(0x5c, 0x5c, 0xff), // light blue
    Rgb(0xff, 0x00, 0xff), // light magenta
    Rgb(0x00, 0xff, 0xff), // light cyan
    Rgb(0xff, 0xff, 0xff), // white
];

/// xterm's 256-colour palette: the sixteen ANSI colours, a 6×6×6 cube, then 24 greys.
pub fn xterm(index: u8) -> Rgb {
    match index {
        0..=15 => ANSI[usize::from(index)],
        16..=231 => {
            // Each axis steps 0, 95, 135, 175, 215, 255: xterm's cube is not evenly spaced.
            let level = |n: u8| if n == 0 { 0 } else { 55 + 40 * n };
            let n = index - 16;
            Rgb(level(n / 36), level(n / 6 % 6), level(n % 6))
        }
        232..=255 => {
            let grey = 8 + 10 * (index - 232);
            Rgb(grey, grey, grey)
        }
    }
}

/// The colour a cell is drawn in; `default` stands in for `Color::Reset`.
pub fn resolve(color: Color, default: Rgb) -> Rgb {
    let index = match color {
        Color::Reset => return default,
        Color::Rgb(r, g, b) => return Rgb(r, g, b),
        Color::Indexed(index) => return xterm(index),
        Color::Black => 0,
        Color::Red => 1,
        Color::Green => 2,
        Color::Yellow => 3,
        Color::Blue => 4,
        Color::Magenta => 5,
        Color::Cyan => 6,
        Color::Gray => 7,
        Color::DarkGray => 8,
        Color::LightRed => 9,
        Color::LightGreen => 10,
        Color::LightYellow => 11,
        Color::LightBlue => 12,
        Color::LightMagenta => 13,
        Color::LightCyan => 14,
        Color::White => 15,
    };
    ANSI[index]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_colours_are_the_first_sixteen_indexed_ones() {
        assert_eq!(resolve(Color::Cyan, DEFAULT_FG), xterm(6));
        assert_eq!(resolve(Color::DarkGray, DEFAULT_FG), xterm(8));
        assert_eq!(resolve(Color::White, DEFAULT_FG), Rgb(0xff, 0xff, 0xff));
        assert_eq!(resolve(Color::Indexed(9), DEFAULT_FG), resolve(Color::LightRed, DEFAULT_FG));
    }

    #[test]
    fn reset_is_the_default_given_and_rgb_is_kept() {
        assert_eq!(resolve(Color::Reset, DEFAULT_BG), DEFAULT_BG);
        assert_eq!(resolve(Color::Reset, DEFAULT_FG), DEFAULT_FG);
        assert_eq!(resolve(Color::Rgb(1, 2, 3), DEFAULT_FG), Rgb(1, 2, 3));
    }

    #[test]
    fn the_cube_and_the_greys_match_xterm() {
        assert_eq!(xterm(16), Rgb(0, 0, 0));
        assert_eq!(xterm(196), Rgb(255, 0, 0));
        assert_eq!(xterm(110), Rgb(135, 175, 215));
        assert_eq!(xterm(231), Rgb(255, 255, 255));
        assert_eq!(xterm(232), Rgb(8, 8, 8));
        assert_eq!(xterm(255), Rgb(238, 238, 238));
    }

    #[test]
    fn writes_as_lowercase_hex() {
        assert_eq!(Rgb(0x0a, 0xbc, 0xff).to_string(), "#0abcff");
    }
}
