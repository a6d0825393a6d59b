//! The Content-Security-Policy, in one place: the server sends it on every response, pages with
//! the nonce of their hydration script (leptos writes the nonce on the scripts it inlines).

/// No inline script without the nonce, no eval (WebAssembly compiles under `wasm-unsafe-eval`),
/// nothing from other origins, no plugins, no framing, no `<base>` tricks, forms post here only.
/// Inline styles stay allowed: ECharts and the charts' tooltips style elements directly.
pub fn policy(nonce: Option<&str>) -> String {
    let scripts = match nonce {
        Some(nonce) => format!("'self' 'wasm-unsafe-eval' 'nonce-{nonce}'"),
        None => "'self' 'wasm-unsafe-eval'".to_string(),
    };
    format!(
        "default-src 'self'; script-src {scripts}; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data:; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; \
         base-uri 'self'; form-action 'self'"
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn scripts_need_the_nonce_and_nothing_is_inline_or_framed() {
        let policy = super::policy(Some("abc"));
        assert!(policy.contains("script-src 'self' 'wasm-unsafe-eval' 'nonce-abc';"));
        assert!(!policy.contains("script-src 'self' 'unsafe-inline'"));
        for part in [
            "object-src 'none'",
            "frame-ancestors 'none'",
            "base-uri 'self'",
        ] {
            assert!(policy.contains(part), "{part}");
        }
        assert!(!super::policy(None).contains("nonce"));
    }
}
