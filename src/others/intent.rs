//! The change an operator is about to send, as the [`Act`] the log would record for it, so
//! the rule can compare it with a colleague's.

use super::{Act, CodeKind, Ds100Act, TokenAct};
use crate::actions::{Args, TokenChange, UserAction};
use crate::api::CodeMode;

/// A declared action on the user (Lookup's question), by what it does.
pub fn for_user_action(action: &UserAction) -> Act {
    if let Args::Token(token) = &action.args {
        let act = match token.change {
            TokenChange::Assign => TokenAct::Assigned,
            TokenChange::Unassign => TokenAct::Unassigned,
            TokenChange::Enable => TokenAct::Enabled,
            TokenChange::Disable => TokenAct::Disabled,
            TokenChange::ClearPin => TokenAct::PinCleared,
            TokenChange::Rename => TokenAct::Renamed,
        };
        return Act::Token(act, token.serial.clone());
    }
    let fido = |restored: bool| match &action.args {
        Args::Authenticator(key) => Act::Fido(restored, key.id.clone()),
        _ => Act::Other,
    };
    let ds100 = |act: Ds100Act| match &action.args {
        Args::Ds100(d) => Act::Ds100(act, d.device_serial.clone()),
        _ => Act::Other,
    };
    match action.declared.command {
        "mark-deleted" => Act::MarkedDeleted,
        "undelete" => Act::Undeleted,
        "suspend-fido" => fido(false),
        "restore-fido" => fido(true),
        "enable-ds100-otp" => ds100(Ds100Act::OtpEnabled),
        "disable-ds100-otp" => ds100(Ds100Act::OtpDisabled),
        "clear-ds100-pin" => ds100(Ds100Act::PinCleared),
        "delete-ds100" => ds100(Ds100Act::Deleted),
        "enable" => Act::EnabledUser,
        "disable" => Act::DisabledUser,
        "unlock" => Act::Unlocked,
        "sync" => Act::Synced,
        "set-phones" => Act::PhoneChanged,
        // A replacement removes the old phone and issues a registration code for the new one.
        "replace-phone" => Act::DeviceCode,
        "remove-authenticator" => Act::DeletedDevice,
        _ => Act::Other,
    }
}

/// Generating (or voiding) a code of `mode` (the Codes screen's question).
pub fn for_code(mode: CodeMode, void: bool) -> Act {
    let kind = match mode {
        CodeMode::Enrollment => CodeKind::Enrollment,
        CodeMode::PasswordReset => CodeKind::PasswordReset,
    };
    if void { Act::VoidedCode(kind) } else { Act::GeneratedCode(kind) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actions::declared::{DISABLE, ENABLE, SYNC, UNASSIGN_TOKEN};

    #[test]
    fn each_declared_change_is_the_act_the_log_records() {
        assert_eq!(for_user_action(&UserAction::of(&ENABLE)), Act::EnabledUser);
        assert_eq!(for_user_action(&UserAction::of(&DISABLE)), Act::DisabledUser);
        assert_eq!(for_user_action(&UserAction::of(&SYNC)), Act::Synced);
        let token = crate::actions::TokenAction {
            change: TokenChange::Unassign,
            serial: "000311122233".into(),
            name: None,
        };
        let unassign = UserAction { declared: &UNASSIGN_TOKEN, args: Args::Token(token) };
        assert_eq!(
            for_user_action(&unassign),
            Act::Token(TokenAct::Unassigned, "000311122233".into())
        );
        assert_eq!(for_code(CodeMode::Enrollment, false), Act::GeneratedCode(CodeKind::Enrollment));
        assert_eq!(
            for_code(CodeMode::PasswordReset, true),
            Act::VoidedCode(CodeKind::PasswordReset)
        );
    }
}
