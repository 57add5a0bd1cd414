//! The screens, in tab order. Each file holds one screen's state, keys, answers and drawing.

pub mod activity;
pub mod bulk;
pub mod codes;
pub mod device;
pub mod emergency;
pub mod failures;
pub mod lookup;
pub mod reports;
pub mod result_table;
pub mod results;

use crate::app::Screen;

/// Screen numbers as the user presses them, minus one.
pub const LOOKUP: usize = 0;
pub const CODES: usize = 1;
pub const BULK: usize = 2;
pub const DEVICE: usize = 3;
pub const EMERGENCY: usize = 4;
pub const ACTIVITY: usize = 5;
pub const FAILURES: usize = 6;
pub const REPORTS: usize = 7;

/// The most a validity field holds: room for "1440 min" and "24 hours", and all of it in view,
/// so no part of what is sent is scrolled out of sight.
pub const VALIDITY_WIDTH: usize = 8;

/// The screens, for the demo tenant (`demo`, whose Lookup names users to try) or a real one.
pub fn all(demo: bool) -> Vec<Box<dyn Screen>> {
    vec![
        Box::new(lookup::LookupScreen::for_tenant(demo)),
        Box::new(codes::CodesScreen::default()),
        Box::new(bulk::BulkScreen::default()),
        Box::new(device::DeviceScreen::default()),
        Box::new(emergency::EmergencyScreen::default()),
        Box::new(activity::ActivityScreen::default()),
        Box::new(failures::FailuresScreen::default()),
        Box::new(reports::ReportsScreen::default()),
    ]
}
