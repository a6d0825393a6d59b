//! Who is signed in, as the server's guard decided it for this request; pages use it to show the
//! role and to hide what the role may not do (the server enforces it either way).

use serde::{Deserialize, Serialize};

/// What a token may do: `Viewer` reads pages, exports and reports; `Admin` also imports,
/// deletes, collects and saves assumptions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Viewer,
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Admin => "admin",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        match text {
            "viewer" => Some(Role::Viewer),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }
}

/// The request's signed-in identity (the server's guard puts it in the request's extensions).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SessionView {
    pub role: Role,
    /// The token's label; `None` when the server runs without sign-in (`--no-auth` or loopback).
    pub name: Option<String>,
    /// Whether sign-in is on (so there is a sign-out).
    pub auth: bool,
    /// The CSRF token plain-HTML forms carry (`?csrf=` on their action).
    pub csrf: String,
}

impl SessionView {
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }

    /// `action` with this session's CSRF token in its query (as it is without sign-in).
    pub fn form_action(&self, action: &str) -> String {
        if self.csrf.is_empty() {
            return action.to_string();
        }
        let separator = if action.contains('?') { '&' } else { '?' };
        format!("{action}{separator}csrf={}", self.csrf)
    }
}
