//! The bytes of a list file as text, whatever saved it: UTF-8 with or without a byte-order
//! mark, UTF-16 (Excel's "Unicode text", PowerShell 5's `Out-File`), or Windows-1252 (Excel's
//! plain "CSV" on a Western-European Windows). `encoding_rs` does the decoding: it is the
//! WHATWG decoder browsers use, sniffs byte-order marks and maps Windows-1252 exactly (its
//! "Latin-1" too, as every browser does, so Latin-1 files read the same).

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, WINDOWS_1252};
use std::fmt;

/// How a file's bytes were read, for the preview and the commands to say.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    /// UTF-16 with no byte-order mark, recognised by its zero bytes.
    Utf16LeGuessed,
    Utf16BeGuessed,
    /// Not valid UTF-8: read as Windows-1252 (a superset of Latin-1's printable characters).
    Windows1252,
}

impl fmt::Display for TextEncoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Utf8 => "UTF-8",
            Self::Utf8Bom => "UTF-8 (with byte-order mark)",
            Self::Utf16Le => "UTF-16 LE",
            Self::Utf16Be => "UTF-16 BE",
            Self::Utf16LeGuessed => "UTF-16 LE (no byte-order mark; guessed from its zero bytes)",
            Self::Utf16BeGuessed => "UTF-16 BE (no byte-order mark; guessed from its zero bytes)",
            Self::Windows1252 => "Windows-1252 / Latin-1 (it is not valid UTF-8)",
        })
    }
}

impl TextEncoding {
    /// Whether it is UTF-8, which needs no mention.
    pub fn is_utf8(self) -> bool {
        matches!(self, Self::Utf8 | Self::Utf8Bom)
    }
}

/// `bytes` as text and how they were read, or why they are not a list at all (a workbook, a
/// PDF, other binary data): said whole, with what to do instead.
pub fn decode(bytes: &[u8]) -> Result<(String, TextEncoding), String> {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        let kind = match encoding.name() {
            "UTF-16LE" => TextEncoding::Utf16Le,
            "UTF-16BE" => TextEncoding::Utf16Be,
            _ => TextEncoding::Utf8Bom,
        };
        let text = encoding.decode_without_bom_handling(&bytes[bom..]).0;
        return Ok((text.into_owned(), kind));
    }
    if let Some(why) = not_text(bytes) {
        return Err(why.into());
    }
    if let Some((encoding, kind)) = bomless_utf16(bytes) {
        return Ok((encoding.decode_without_bom_handling(bytes).0.into_owned(), kind));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok((text.to_string(), TextEncoding::Utf8)),
        Err(_) => Ok((
            WINDOWS_1252.decode_without_bom_handling(bytes).0.into_owned(),
            TextEncoding::Windows1252,
        )),
    }
}

/// Files people open by mistake instead of the CSV saved from them.
fn not_text(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"PK\x03\x04") {
        return Some(concat!(
            "this is a ZIP file, such as an Excel workbook (.xlsx), not text: ",
            "save it as CSV (File ▸ Save As ▸ CSV) and open that"
        ));
    }
    if bytes.starts_with(&[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]) {
        return Some(concat!(
            "this is an old Excel workbook (.xls) or other Office file, not text: ",
            "save it as CSV (File ▸ Save As ▸ CSV) and open that"
        ));
    }
    if bytes.starts_with(b"%PDF") {
        return Some("this is a PDF, not text: copy the addresses out of it into a .txt file");
    }
    None
}

/// UTF-16 without a byte-order mark: mostly ASCII text has a zero in every other byte. Asked
/// only of files with zero bytes, which no UTF-8 or Windows-1252 list holds.
fn bomless_utf16(bytes: &[u8]) -> Option<(&'static Encoding, TextEncoding)> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) || !bytes.contains(&0) {
        return None;
    }
    let pairs = bytes.len() / 2;
    let zero_at = |offset: usize| bytes.iter().skip(offset).step_by(2).filter(|b| **b == 0).count();
    let (even, odd) = (zero_at(0), zero_at(1));
    // Most characters have their zero in the same half, and almost none in the other.
    if odd * 10 >= pairs * 7 && even * 10 <= pairs {
        return Some((UTF_16LE, TextEncoding::Utf16LeGuessed));
    }
    if even * 10 >= pairs * 7 && odd * 10 <= pairs {
        return Some((UTF_16BE, TextEncoding::Utf16BeGuessed));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(text: &str, bom: bool) -> Vec<u8> {
        let mut out = if bom { vec![0xff, 0xfe] } else { vec![] };
        out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        out
    }

    fn utf16be(text: &str, bom: bool) -> Vec<u8> {
        let mut out = if bom { vec![0xfe, 0xff] } else { vec![] };
        out.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        out
    }

    #[test]
    fn each_encoding_is_recognised() {
        let text = "Name\tE-mail Address\r\nJosé Müller\tjose@example.com\r\n";
        assert_eq!(decode(text.as_bytes()).unwrap(), (text.into(), TextEncoding::Utf8));
        let mut bom = b"\xef\xbb\xbf".to_vec();
        bom.extend(text.as_bytes());
        assert_eq!(decode(&bom).unwrap(), (text.into(), TextEncoding::Utf8Bom));
        assert_eq!(decode(&utf16le(text, true)).unwrap(), (text.into(), TextEncoding::Utf16Le));
        assert_eq!(decode(&utf16be(text, true)).unwrap(), (text.into(), TextEncoding::Utf16Be));
        assert_eq!(
            decode(&utf16le(text, false)).unwrap(),
            (text.into(), TextEncoding::Utf16LeGuessed)
        );
        assert_eq!(
            decode(&utf16be(text, false)).unwrap(),
            (text.into(), TextEncoding::Utf16BeGuessed)
        );
    }

    #[test]
    fn latin1_and_windows_1252_bytes() {
        // "José" with é as the single byte 0xE9, and Windows-1252's € (0x80) and ’ (0x92).
        let bytes = b"name,email\nJos\xe9 O\x92Neil \x80,jose@example.com\n";
        let (text, encoding) = decode(bytes).unwrap();
        assert_eq!(encoding, TextEncoding::Windows1252);
        assert_eq!(text, "name,email\nJosé O’Neil €,jose@example.com\n");
        assert!(encoding.to_string().contains("not valid UTF-8"));
    }

    #[test]
    fn workbooks_and_pdfs_are_refused_with_what_to_do() {
        let xlsx = decode(b"PK\x03\x04\x14\x00\x06\x00").unwrap_err();
        assert!(xlsx.contains(".xlsx") && xlsx.contains("save it as CSV"), "{xlsx}");
        let xls = decode(&[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]).unwrap_err();
        assert!(xls.contains(".xls"), "{xls}");
        assert!(decode(b"%PDF-1.7\n").unwrap_err().contains("PDF"));
    }

    #[test]
    fn odd_bytes_are_never_a_panic() {
        // A lone byte after the BOM, an unpaired surrogate, a zero byte in UTF-8.
        let (text, _) = decode(&[0xff, 0xfe, 0x61]).unwrap();
        assert!(text.contains('\u{fffd}'));
        let (text, _) = decode(&[0xff, 0xfe, 0x00, 0xd8, 0x61, 0x00]).unwrap();
        assert!(text.contains('\u{fffd}') && text.ends_with('a'));
        assert_eq!(decode(b"a\0b").unwrap().1, TextEncoding::Utf8);
        assert_eq!(decode(b"").unwrap(), (String::new(), TextEncoding::Utf8));
    }
}
