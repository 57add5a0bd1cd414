//! The request and response types of the Cloud Administration API, one file per area.

mod admin_log;
mod authlog;
mod codes;
mod device;
mod ds100;
mod emergency;
pub(crate) mod lenient;
mod phone;
mod report;
mod search;
mod sid_token;
mod token_details;
mod user;
mod user_admin;
mod user_event;
mod verify;
mod void;

pub use admin_log::{AdminLogEntry, AdminLogPage, MAX_ADMIN_LOG_PAGE_SIZE};
pub(crate) use authlog::entries_of;
pub use authlog::{AuthLogEntry, MAX_AUTH_LOG_EVENTS};
pub use codes::{
    CodeMode, CodeValidity, Delivery, EchoedRequest, GenerateCodeRequest, GenerateCodeResult,
    MAX_USERS_PER_CALL, ValidityOutOfRange, ValidityUnit, parse_service_time,
};
pub(crate) use device::DeviceCodeRequest;
pub use device::{AuthenticatorApp, DeviceCodeTarget, DeviceRegistrationCode, MOBILE_APP_ID};
pub use ds100::{
    DS100_DEVICE_TYPE, Ds100Credential, FidoStatusAnswer, check_ds100_serial, fido_enabled,
};
pub(crate) use ds100::{Ds100Request, credentials_of};
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
pub use token_details::TokenDetails;
pub(crate) use token_details::{RenameRequest, SerialRequest};
pub(crate) use user::LookupRequest;
pub use user::{Authenticators, Device, FidoToken, SidToken, UserDetails, UserStatus};
pub use user_admin::{MethodStates, UnlockMethod, UserStatusAnswer};
pub(crate) use user_admin::{UnlockRequest, UserStatusRequest};
pub use user_event::{MAX_EVENT_LOG_PAGE_SIZE, UserEventEntry, UserEventPage};
pub(crate) use verify::VerifyCodeRequest;
pub use verify::{VerifySession, VerifyStatus};
pub use void::VoidResult;
pub(crate) use void::{VoidRequest, VoidResponse};
