//! A list run's `-o` file written as users are settled, so a run killed half-way leaves every
//! settled row on disk. Rows go in the order they settle (CSV: header first; JSON: an array
//! opened at once, one row per line); when the run ends, the file is replaced whole, in input
//! order, by the usual writer. Only a regular file is written early: standard output or a pipe
//! gets its rows once, at the end.

use super::record::Record;
use super::{Format, Output};
use std::fs::File;
use std::io::Write;

pub struct RowsAsSettled {
    file: Option<File>,
    format: Format,
    rows: usize,
}

impl RowsAsSettled {
    /// Opens `output`'s file for early rows, when it names a regular file (made 0600).
    pub fn open(output: &Output) -> Result<Self, String> {
        let file = match &output.output {
            Some(path) if !path.exists() || path.is_file() => {
                let file = super::open_private(path)?;
                file.set_len(0).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
                Some(file)
            }
            _ => None,
        };
        Ok(Self { file, format: output.format, rows: 0 })
    }

    /// One settled row, written through at once. A write that fails stops the early rows
    /// (said once); the final file is still written whole.
    pub fn push(&mut self, record: &Record) {
        let Some(file) = &mut self.file else { return };
        let mut text = String::new();
        match self.format {
            Format::Csv => {
                if self.rows == 0 {
                    let header: Vec<&str> = record.iter().map(|(k, _)| *k).collect();
                    text.push_str(&header.join(","));
                    text.push('\n');
                }
                let cells: Vec<String> =
                    record.iter().map(|(_, v)| casdesk::text::csv_cell(&v.csv())).collect();
                text.push_str(&cells.join(","));
                text.push('\n');
            }
            Format::Json => {
                text.push_str(if self.rows == 0 { "[\n" } else { ",\n" });
                let row: serde_json::Map<String, serde_json::Value> =
                    record.iter().map(|(k, v)| (k.to_string(), v.json())).collect();
                text.push_str(&serde_json::to_string(&row).unwrap_or_default());
            }
        }
        self.rows += 1;
        if let Err(e) = file.write_all(text.as_bytes()).and_then(|()| file.sync_data()) {
            eprintln!(
                "casdesk: results could not be written as they came ({e}); they are written at the end"
            );
            self.file = None;
        }
    }
}
