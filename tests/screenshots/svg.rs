//! A ratatui `Buffer` as an SVG picture of a terminal.
//!
//! The picture is a grid of fixed cells. Backgrounds are rectangles; text is one `<text>` per
//! row holding one `<tspan>` per run of cells that look the same. Every run starts at its own
//! cell's x and is stretched to exactly its cells' width (`textLength`), so a font whose
//! advance is not quite 0.6 em cannot push the borders of a box out of line. Styles are CSS
//! classes, so each look is spelled out once per file.

use crate::palette::{DEFAULT_BG, DEFAULT_FG, Rgb, resolve};
use ratatui::buffer::{Buffer, Cell};
use ratatui::style::Modifier;
use std::fmt::Write;

/// Cell width and row height in pixels. 9 px is the advance of DejaVu Sans Mono and Menlo at
/// 14.95 px (0.602 em), so even a renderer that ignores `textLength` lines them up; other
/// fonts are stretched to it by `textLength`.
const CELL_W: u32 = 9;
const FONT_PX: f32 = 14.95;
/// Their box-drawing and block glyphs are 1.164 em (17.4 px) tall, ascent to descent: a row
/// a little shorter than that lets them overlap the rows above and below instead of leaving
/// hairline gaps in vertical borders and in the big digits.
const CELL_H: u32 = 17;
/// From a row's top to the text baseline: 0.928 em of ascent less half the overlap, rounded.
const BASELINE: u32 = 14;
/// The margin around the grid, like a terminal window's.
const PAD: u32 = 12;
/// Fonts that have the box-drawing and block characters the console draws with.
const FONTS: &str =
    "ui-monospace, 'SF Mono', Menlo, Consolas, 'DejaVu Sans Mono', 'Liberation Mono', monospace";

/// How the text of a cell looks, once `Reset` and `REVERSED` are resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Ink {
    fg: Rgb,
    bold: bool,
    italic: bool,
    underline: bool,
    strike: bool,
    dim: bool,
}

impl Ink {
    /// A blank cell with this ink still draws something (a line under or through it).
    fn marks_blanks(&self) -> bool {
        self.underline || self.strike
    }

    /// The CSS rule of this look, without the selector.
    fn css(&self) -> String {
        let mut declarations = vec![format!("fill:{}", self.fg)];
        for (on, declaration) in [
            (self.bold, "font-weight:bold"),
            (self.italic, "font-style:italic"),
            (self.dim, "fill-opacity:0.6"),
        ] {
            if on {
                declarations.push(declaration.to_string());
            }
        }
        let lines: Vec<&str> = [(self.underline, "underline"), (self.strike, "line-through")]
            .into_iter()
            .filter_map(|(on, line)| on.then_some(line))
            .collect();
        if !lines.is_empty() {
            declarations.push(format!("text-decoration:{}", lines.join(" ")));
        }
        declarations.join(";")
    }
}

/// A cell's background and ink as the terminal would show them.
fn look(cell: &Cell) -> (Rgb, Ink) {
    let mut fg = resolve(cell.fg, DEFAULT_FG);
    let mut bg = resolve(cell.bg, DEFAULT_BG);
    let m = cell.modifier;
    if m.contains(Modifier::REVERSED) {
        std::mem::swap(&mut fg, &mut bg);
    }
    let ink = Ink {
        fg,
        bold: m.contains(Modifier::BOLD),
        italic: m.contains(Modifier::ITALIC),
        underline: m.contains(Modifier::UNDERLINED),
        strike: m.contains(Modifier::CROSSED_OUT),
        dim: m.contains(Modifier::DIM),
    };
    (bg, ink)
}

/// What a cell shows. An empty symbol and a hidden cell show nothing; a wide character's
/// trailing cell is already a blank.
fn symbol(cell: &Cell) -> &str {
    match cell.symbol() {
        "" => " ",
        _ if cell.modifier.contains(Modifier::HIDDEN) => " ",
        s => s,
    }
}

/// Whether every monospace font in [`FONTS`] draws `symbol` one cell wide: ASCII, box
/// drawing and block elements. Anything else (✓, ⚠, …) may come from a fallback font of
/// another width, so it is placed on its own and cannot shift its neighbours.
fn fits_cell(symbol: &str) -> bool {
    symbol
        .chars()
        .all(|c| c.is_ascii_graphic() || c == ' ' || ('\u{2500}'..='\u{259f}').contains(&c))
}

/// Cells in a row that are drawn as one `<tspan>`.
struct Run {
    x: u16,
    cells: u16,
    text: String,
    ink: Ink,
    /// A symbol that may not be one cell wide: never joined, never stretched.
    alone: bool,
}

/// The text runs of row `y`. Blank cells join whichever run they sit inside, whatever their
/// colour, since a space shows no ink: fewer, longer runs.
fn runs(buffer: &Buffer, y: u16) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    // Blank cells since the last run's end, given to it only if it goes on after them.
    let mut blanks: u16 = 0;
    for x in 0..buffer.area.width {
        let cell = &buffer[(buffer.area.x + x, buffer.area.y + y)];
        let (_, ink) = look(cell);
        let symbol = symbol(cell);
        if symbol == " " && !ink.marks_blanks() {
            blanks += 1;
            continue;
        }
        let alone = !fits_cell(symbol);
        match runs.last_mut() {
            Some(run) if !alone && !run.alone && run.ink == ink => {
                run.text.extend(std::iter::repeat_n(' ', usize::from(blanks)));
                run.text.push_str(symbol);
                run.cells += blanks + 1;
            }
            _ => runs.push(Run { x, cells: 1, text: symbol.to_string(), ink, alone }),
        }
        blanks = 0;
    }
    runs
}

/// Runs of row `y` whose background is not the terminal's own, as (x, cells, colour).
fn backgrounds(buffer: &Buffer, y: u16) -> Vec<(u16, u16, Rgb)> {
    let mut out: Vec<(u16, u16, Rgb)> = Vec::new();
    for x in 0..buffer.area.width {
        let (bg, _) = look(&buffer[(buffer.area.x + x, buffer.area.y + y)]);
        match out.last_mut() {
            Some((start, cells, colour)) if *colour == bg && *start + *cells == x => *cells += 1,
            _ if bg == DEFAULT_BG => {}
            _ => out.push((x, 1, bg)),
        }
    }
    out
}

/// Appends `text` escaped for XML. Control characters, which a terminal would not print and
/// XML 1.0 cannot always hold, become U+FFFD, as do the two non-characters XML forbids.
fn escape(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            // A description keeps its lines.
            '\n' => out.push('\n'),
            c if c.is_control() => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
}

/// The whole buffer as an SVG document; `title` is what screen readers say.
/// `description` goes into `<desc>`: what the picture shows, in words, for screen readers and
/// for the check that the pictures are current.
pub fn render(buffer: &Buffer, title: &str, description: &str) -> String {
    let width = u32::from(buffer.area.width) * CELL_W + 2 * PAD;
    let height = u32::from(buffer.area.height) * CELL_H + 2 * PAD;
    // Drawn first, so the style sheet can list only the inks in use.
    let mut inks: Vec<Ink> = Vec::new();
    let mut rows = String::new();
    for y in 0..buffer.area.height {
        draw_row(buffer, y, &mut inks, &mut rows);
    }

    let mut svg = String::new();
    writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" xml:space="preserve">"#
    )
    .unwrap();
    svg.push_str("<title>");
    escape(title, &mut svg);
    svg.push_str("</title>\n<desc>");
    escape(description, &mut svg);
    svg.push_str("</desc>\n<style>\n");
    // `white-space: pre` is SVG 2's word for `xml:space="preserve"`; ligatures would merge cells.
    writeln!(
        svg,
        "text {{ font-family: {FONTS}; font-size: {FONT_PX}px; white-space: pre; font-variant-ligatures: none }}"
    )
    .unwrap();
    for (index, ink) in inks.iter().enumerate() {
        writeln!(svg, ".t{index} {{ {} }}", ink.css()).unwrap();
    }
    svg.push_str("</style>\n");
    writeln!(svg, r#"<rect width="{width}" height="{height}" rx="8" fill="{DEFAULT_BG}"/>"#)
        .unwrap();
    writeln!(svg, r#"<g transform="translate({PAD} {PAD})">"#).unwrap();
    svg.push_str(&rows);
    svg.push_str("</g>\n</svg>\n");
    svg
}

/// Appends row `y`: its background rectangles, then its text. Each ink met for the first time
/// is added to `inks`, whose index names its CSS class (`t<index>`).
fn draw_row(buffer: &Buffer, y: u16, inks: &mut Vec<Ink>, out: &mut String) {
    let top = u32::from(y) * CELL_H;
    for (x, cells, colour) in backgrounds(buffer, y) {
        let (x, w) = (u32::from(x) * CELL_W, u32::from(cells) * CELL_W);
        writeln!(out, r#"<rect x="{x}" y="{top}" width="{w}" height="{CELL_H}" fill="{colour}"/>"#)
            .unwrap();
    }
    let runs = runs(buffer, y);
    if runs.is_empty() {
        return;
    }
    // One line per row: with whitespace preserved, a newline between tspans would be text.
    write!(out, r#"<text y="{}">"#, top + BASELINE).unwrap();
    for run in runs {
        let class = inks.iter().position(|i| *i == run.ink).unwrap_or_else(|| {
            inks.push(run.ink);
            inks.len() - 1
        });
        write!(out, r#"<tspan x="{}" class="t{class}""#, u32::from(run.x) * CELL_W).unwrap();
        if !run.alone {
            write!(out, r#" textLength="{}""#, u32::from(run.cells) * CELL_W).unwrap();
        }
        out.push('>');
        escape(&run.text, out);
        out.push_str("</tspan>");
    }
    out.push_str("</text>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::palette::xterm;
    use ratatui::layout::Rect;
    use ratatui::style::{Color, Style};

    fn buffer(width: u16, height: u16) -> Buffer {
        Buffer::empty(Rect::new(0, 0, width, height))
    }

    /// The `<text>` element of the row whose baseline is `y`'s.
    fn row(svg: &str, y: u32) -> String {
        let start = svg.find(&format!(r#"<text y="{}">"#, y * CELL_H + BASELINE)).expect("the row");
        svg[start..start + svg[start..].find("</text>").unwrap()].to_string()
    }

    #[test]
    fn markup_and_control_characters_in_cells_are_escaped() {
        let mut b = buffer(20, 1);
        b.set_string(0, 0, "<a href=\"x\">&'", Style::default());
        b[(16, 0)].set_symbol("\u{1b}");
        let svg = render(&b, "Tom & Jerry <3", "a < b");
        assert!(svg.contains("&lt;a href=&quot;x&quot;&gt;&amp;&apos;"), "{svg}");
        assert!(svg.contains("\u{fffd}"), "the escape character is replaced: {svg}");
        assert!(!svg.contains('\u{1b}'));
        assert!(svg.contains("<title>Tom &amp; Jerry &lt;3</title>"));
        assert!(svg.contains("<desc>a &lt; b</desc>"));
    }

    #[test]
    fn colours_resolve_reset_to_the_terminal_and_names_to_xterm() {
        let mut b = buffer(10, 1);
        b.set_string(0, 0, "a", Style::default());
        b.set_string(2, 0, "b", Style::default().fg(Color::Cyan).bg(Color::Indexed(196)));
        b.set_string(4, 0, "c", Style::default().fg(Color::Rgb(1, 2, 3)));
        let svg = render(&b, "", "");
        assert!(svg.contains(&format!(".t0 {{ fill:{DEFAULT_FG} }}")), "{svg}");
        assert!(svg.contains(&format!(".t1 {{ fill:{} }}", xterm(6))), "{svg}");
        assert!(svg.contains(".t2 { fill:#010203 }"), "{svg}");
        // Only the non-default background gets a rectangle, besides the window itself.
        let rect = format!(r##"<rect x="18" y="0" width="9" height="{CELL_H}" fill="#ff0000"/>"##);
        assert!(svg.contains(&rect), "{svg}");
        assert_eq!(svg.matches("<rect").count(), 2, "{svg}");
    }

    #[test]
    fn reversed_swaps_colours_and_modifiers_become_css() {
        let mut b = buffer(4, 1);
        let style = Style::default()
            .fg(Color::Black)
            .bg(Color::Yellow)
            .add_modifier(Modifier::REVERSED | Modifier::BOLD | Modifier::ITALIC)
            .add_modifier(Modifier::UNDERLINED);
        b.set_string(0, 0, "x", style);
        let svg = render(&b, "", "");
        let ink = format!(
            ".t0 {{ fill:{};font-weight:bold;font-style:italic;text-decoration:underline }}",
            xterm(3)
        );
        assert!(svg.contains(&ink), "{svg}");
        assert!(svg.contains(&format!(r#"height="{CELL_H}" fill="{}"/>"#, xterm(0))), "{svg}");
    }

    #[test]
    fn underline_and_strike_share_one_decoration_and_dim_fades() {
        let mut b = buffer(2, 1);
        let modifiers = Modifier::UNDERLINED | Modifier::CROSSED_OUT | Modifier::DIM;
        b.set_string(0, 0, "z", Style::default().add_modifier(modifiers));
        let svg = render(&b, "", "");
        let ink = format!(
            ".t0 {{ fill:{DEFAULT_FG};fill-opacity:0.6;text-decoration:underline line-through }}"
        );
        assert!(svg.contains(&ink), "{svg}");
    }

    #[test]
    fn same_looking_cells_make_one_run_and_blanks_join_it() {
        let mut b = buffer(30, 1);
        let accent = Style::default().fg(Color::Cyan);
        b.set_string(1, 0, "┌ Users", accent);
        // A blank of another colour between two cyan words does not split them.
        b.set_string(8, 0, " ", Style::default().fg(Color::Red));
        b.set_string(9, 0, "──┐", accent);
        b.set_string(14, 0, "ok", Style::default().fg(Color::Green));
        let row = row(&render(&b, "", ""), 0);
        assert_eq!(
            row,
            r#"<text y="14"><tspan x="9" class="t0" textLength="99">┌ Users ──┐</tspan><tspan x="126" class="t1" textLength="18">ok</tspan>"#
        );
    }

    #[test]
    fn an_underlined_blank_is_drawn_and_a_plain_one_is_not() {
        let mut b = buffer(6, 2);
        b.set_string(0, 0, "  ", Style::default().add_modifier(Modifier::UNDERLINED));
        let svg = render(&b, "", "");
        assert!(row(&svg, 0).contains(r#"textLength="18">  </tspan>"#), "{svg}");
        assert!(!svg.contains(&format!(r#"<text y="{}">"#, CELL_H + BASELINE)), "row 2 is empty");
    }

    #[test]
    fn a_symbol_a_font_may_lack_stands_alone_at_its_cell() {
        let mut b = buffer(12, 1);
        let green = Style::default().fg(Color::Green);
        b.set_string(1, 0, "✓ OK", green);
        let row = row(&render(&b, "", ""), 0);
        assert_eq!(
            row,
            r#"<text y="14"><tspan x="9" class="t0">✓</tspan><tspan x="27" class="t0" textLength="18">OK</tspan>"#
        );
    }
}
