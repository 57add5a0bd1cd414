//! One result row of a command for scripts, and how it is written: CSV cells are text, JSON
//! values keep their type (a boolean is `true`, a count or result code a number, a field with
//! no value `null`), so a script reads `"high_risk": false`, never `"false"`.

/// A field's value, typed for JSON.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Text(String),
    Bool(bool),
    Number(i64),
    /// Nothing to say here (not applicable, or not known): empty in CSV, `null` in JSON.
    Null,
}

/// One result: named columns, in order.
pub type Record = Vec<(&'static str, Value)>;

impl Value {
    /// The text of a text field; empty for any other kind (for comparing statuses).
    pub fn text(&self) -> &str {
        match self {
            Self::Text(t) => t,
            _ => "",
        }
    }

    /// The CSV cell's text (before quoting).
    pub fn csv(&self) -> String {
        match self {
            Self::Text(t) => t.clone(),
            Self::Bool(b) => b.to_string(),
            Self::Number(n) => n.to_string(),
            Self::Null => String::new(),
        }
    }

    /// The JSON value. Empty text is `null`: an empty field means "no value" in every command.
    pub fn json(&self) -> serde_json::Value {
        match self {
            Self::Text(t) if t.is_empty() => serde_json::Value::Null,
            Self::Text(t) => serde_json::Value::String(casdesk::text::sanitize(t)),
            Self::Bool(b) => serde_json::Value::Bool(*b),
            Self::Number(n) => serde_json::Value::from(*n),
            Self::Null => serde_json::Value::Null,
        }
    }
}

impl From<String> for Value {
    fn from(text: String) -> Self {
        Self::Text(text)
    }
}

impl From<&str> for Value {
    fn from(text: &str) -> Self {
        Self::Text(text.to_string())
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Self::Bool(b)
    }
}

impl From<Option<bool>> for Value {
    fn from(b: Option<bool>) -> Self {
        b.map_or(Self::Null, Self::Bool)
    }
}

impl From<Option<String>> for Value {
    fn from(text: Option<String>) -> Self {
        text.map_or(Self::Null, Self::Text)
    }
}

impl From<usize> for Value {
    fn from(n: usize) -> Self {
        i64::try_from(n).map_or(Self::Null, Self::Number)
    }
}

impl From<Option<u16>> for Value {
    fn from(n: Option<u16>) -> Self {
        n.map_or(Self::Null, |n| Self::Number(i64::from(n)))
    }
}

/// The records as CSV with a header line; `columns` is the header when there are no records,
/// so a script sees the same first line whatever was found.
pub fn to_csv(records: &[Record], columns: &[&str]) -> String {
    let header: Vec<&str> = match records.first() {
        Some(first) => first.iter().map(|(k, _)| *k).collect(),
        None if columns.is_empty() => return String::new(),
        None => columns.to_vec(),
    };
    let mut out = header.join(",");
    out.push('\n');
    for record in records {
        let cells: Vec<String> =
            record.iter().map(|(_, v)| casdesk::text::csv_cell(&v.csv())).collect();
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

/// The records as a JSON array of objects, every column present in each.
pub fn to_json(records: &[Record]) -> String {
    let rows: Vec<serde_json::Map<String, serde_json::Value>> = records
        .iter()
        .map(|r| r.iter().map(|(k, v)| (k.to_string(), v.json())).collect())
        .collect();
    let mut text = serde_json::to_string_pretty(&rows).unwrap_or_else(|_| "[]".into());
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn value() -> impl Strategy<Value = Value> {
        prop_oneof![
            any::<String>().prop_map(Value::Text),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::Number),
            Just(Value::Null),
        ]
    }

    #[test]
    fn json_keeps_types_and_says_null_for_nothing() {
        let record: Record = vec![
            ("email", "a@example.com".into()),
            ("high_risk", false.into()),
            ("result_code", Value::Number(1014)),
            ("error", String::new().into()),
            ("one_time_use", Option::<bool>::None.into()),
        ];
        let parsed: serde_json::Value = serde_json::from_str(&to_json(&[record])).unwrap();
        assert_eq!(
            parsed,
            serde_json::json!([{
                "email": "a@example.com", "high_risk": false, "result_code": 1014,
                "error": null, "one_time_use": null
            }])
        );
    }

    #[test]
    fn csv_has_a_header_even_without_rows() {
        assert_eq!(to_csv(&[], &["email", "status"]), "email,status\n");
        let record: Record = vec![("email", "a@example.com".into()), ("changed", true.into())];
        assert_eq!(to_csv(&[record], &[]), "email,changed\na@example.com,true\n");
    }

    proptest! {
        /// Whatever the values, every column is in every JSON row with its kind kept.
        #[test]
        fn every_column_keeps_its_kind_in_json(values in proptest::collection::vec(value(), 1..6)) {
            const NAMES: [&str; 6] = ["a", "b", "c", "d", "e", "f"];
            let record: Record = NAMES.iter().copied().zip(values.iter().cloned()).collect();
            let parsed: serde_json::Value = serde_json::from_str(&to_json(&[record])).unwrap();
            let row = parsed[0].as_object().unwrap();
            prop_assert_eq!(row.len(), values.len());
            for (name, value) in NAMES.iter().zip(&values) {
                let got = &row[*name];
                match value {
                    Value::Bool(b) => prop_assert_eq!(got.as_bool(), Some(*b)),
                    Value::Number(n) => prop_assert_eq!(got.as_i64(), Some(*n)),
                    Value::Null => prop_assert!(got.is_null()),
                    Value::Text(t) if t.is_empty() => prop_assert!(got.is_null()),
                    Value::Text(_) => prop_assert!(got.is_string()),
                }
            }
        }
    }
}
