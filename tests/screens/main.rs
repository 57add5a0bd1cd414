//! Every screen in every state, at 80×24 and 120×40, as insta snapshots; plus the colours of
//! status cells, which text snapshots cannot see.

#[path = "../support/mod.rs"]
mod support;

mod activity;
mod authenticators;
mod bulk;
mod bulk_again;
mod bulk_lists;
mod chrome;
mod codes;
mod device;
mod emergency;
mod failures;
mod fido_ds100;
mod forms_send_what_they_draw;
mod keymap;
mod lookup;
mod lookup_held;
mod others_acted;
mod phones;
mod reports;
mod resume;
mod search;
mod ticket;
mod ticket_note;
mod token_serial;
mod user_actions;
mod verification;

/// The two sizes every screen is checked at: the minimum, and a roomy terminal.
pub const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

/// Snapshots `build` at both sizes as `<name>@<w>x<h>`.
#[macro_export]
macro_rules! snapshot_both {
    ($name:expr, $build:expr) => {
        for (w, h) in $crate::SIZES {
            let mut harness = $crate::support::Harness::new(w, h);
            #[allow(clippy::redundant_closure_call)]
            ($build)(&mut harness);
            insta::assert_snapshot!(format!("{}@{}x{}", $name, w, h), harness.screen());
        }
    };
}
