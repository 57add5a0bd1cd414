//! The request and response types of the Cloud Administration API, one file per area.

mod authlog;
mod codes;
mod device;
mod emergency;
pub(crate) mod lenient;
mod phone;
mod report;
mod search;
mod sid_token;
mod user;
mod user_admin;
mod verify;
mod void;

pub(crate) use authlog::entries_of;
pub use authlog::{AuthLogEntry, MAX_AUTH_LOG_EVENTS};
pub use codes::{
    CodeMode, CodeValidity, Delivery, EchoedRequest, GenerateCodeRequest, GenerateCodeResult,
    MAX_USERS_PER_CALL, ValidityOutOfRange, ValidityUnit, parse_service_time,
};
pub(crate) use device::DeviceCodeRequest;
pub use device::{AuthenticatorApp, DeviceCodeTarget, DeviceRegistrationCode, MOBILE_APP_ID};
pub use emergency::{
    EacConfiguration, EacExpiryOutOfRange, EacExpiryUnit, EmergencyTokencode,
    EnableEmergencyTokencode,
};
pub use phone::{
    MAX_PHONE_DIGITS, MIN_PHONE_DIGITS, PhoneAnswer, PhoneChange, PhoneEdit, check_phone_number,
    redact_phone_numbers,
};
pub use report::ReportKind;
pub(crate) use search::SearchRequest;
pub use search::{MAX_SEARCH_PAGE_SIZE, SearchPage};
pub(crate) use sid_token::SidTokenRequest;
pub use sid_token::{
    MAX_TOKEN_NAME_CHARS, MAX_TOKEN_SERIAL_CHARS, SidTokenAnswer, check_token_name,
    check_token_serial,
};
pub(crate) use user::LookupRequest;
pub use user::{Authenticators, Device, FidoToken, SidToken, UserDetails, UserStatus};
pub use user_admin::{MethodStates, UnlockMethod, UserStatusAnswer};
pub(crate) use user_admin::{UnlockRequest, UserStatusRequest};
pub(crate) use verify::VerifyCodeRequest;
pub use verify::{VerifySession, VerifyStatus};
pub use void::VoidResult;
pub(crate) use void::{VoidRequest, VoidResponse};
