//! Redaction: a snapshot with every function name, ARN, account id, tag value and source label
//! replaced by a stable alias, before anything is analysed or rendered, so no report format
//! can carry an original name. Functions are aliased by spend rank (`fn-001` is the biggest
//! spender), so the same function has the same alias in every format of the same snapshot and
//! assumptions. The analysis of the redacted snapshot has the same numbers: aliases keep the
//! snapshot's order, each billed line still names its function, and a tag value that marks a
//! GPU (the `gpu_tag` assumption) keeps the marker in its alias (`gpu-tag-1`).

use std::collections::HashMap;

use berth_app::engine::analysis::analyze;
use berth_app::engine::assumptions::Assumptions;
use berth_app::engine::prices::Catalog;
use berth_app::engine::snapshot::Snapshot;
use serde::Serialize;

/// The alias table, for the reviewer's own records (`--redact-map FILE`); never part of a report.
#[derive(Clone, Debug, Default, Serialize)]
pub struct RedactMap {
    pub format: &'static str,
    pub functions: Vec<FunctionAlias>,
    pub accounts: Vec<Alias>,
    pub tag_values: Vec<Alias>,
    pub source_labels: Vec<Alias>,
    /// Calling functions outside the snapshot (a function's `function_callers`), by alias.
    pub callers: Vec<Alias>,
}

#[derive(Clone, Debug, Serialize)]
pub struct FunctionAlias {
    pub alias: String,
    pub region: String,
    pub name: String,
    pub arn: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Alias {
    pub alias: String,
    pub original: String,
}

pub const MAP_FORMAT: &str = "berth.redact-map/v1";

/// The redacted copy of `snapshot` and its alias table. `assumptions` and `catalog` rank the
/// functions by spend (the same ranks the report shows).
pub fn redact(
    snapshot: &Snapshot,
    assumptions: &Assumptions,
    catalog: &Catalog,
) -> (Snapshot, RedactMap) {
    let (analysis, _) = analyze(snapshot, assumptions, catalog);
    let count = snapshot.functions.len();
    let width = count.to_string().len().max(3);
    let mut map = RedactMap {
        format: MAP_FORMAT,
        ..RedactMap::default()
    };
    let mut redacted = snapshot.clone();

    let account_alias = |index: usize| format!("account-{}", index + 1);
    if let Some(account) = &snapshot.source.account_id {
        map.accounts.push(Alias {
            alias: account_alias(0),
            original: account.clone(),
        });
        redacted.source.account_id = Some(account_alias(0));
    }
    let label_alias = "redacted snapshot".to_string();
    map.source_labels.push(Alias {
        alias: label_alias.clone(),
        original: snapshot.source.label.clone(),
    });
    redacted.source.label = label_alias;

    // Tag values in order of first appearance by spend rank.
    let gpu = assumptions.gpu_tag.to_lowercase();
    let mut tag_aliases: HashMap<String, String> = HashMap::new();
    let mut by_rank: Vec<usize> = (0..count).collect();
    by_rank.sort_by_key(|&i| analysis.functions[i].spend_rank);
    for &i in &by_rank {
        for value in snapshot.functions[i].tags.values() {
            if tag_aliases.contains_key(value) {
                continue;
            }
            let n = tag_aliases.len() + 1;
            let alias = if !gpu.is_empty() && value.to_lowercase().contains(&gpu) {
                format!("{gpu}-tag-{n}")
            } else {
                format!("tag-{n}")
            };
            map.tag_values.push(Alias {
                alias: alias.clone(),
                original: value.clone(),
            });
            tag_aliases.insert(value.clone(), alias);
        }
    }

    // Every original string and its replacement, for the free text (warnings, billed tags).
    let mut replacements: Vec<(String, String)> = Vec::new();
    let mut billed_names: HashMap<String, String> = HashMap::new();
    let account = redacted.source.account_id.clone().unwrap_or_default();
    for (i, function) in redacted.functions.iter_mut().enumerate() {
        let alias = format!("fn-{:0width$}", analysis.functions[i].spend_rank);
        let arn = format!(
            "arn:aws:lambda:{}:{}:function:{alias}",
            function.region,
            if account.is_empty() {
                "account"
            } else {
                &account
            }
        );
        map.functions.push(FunctionAlias {
            alias: alias.clone(),
            region: function.region.clone(),
            name: function.name.clone(),
            arn: function.arn.clone(),
        });
        let key = format!("{}/{}", function.region, alias);
        billed_names.insert(function.name.clone(), alias.clone());
        billed_names.insert(function.arn.clone(), arn.clone());
        billed_names.insert(function.key(), key);
        replacements.push((function.arn.clone(), arn.clone()));
        replacements.push((function.name.clone(), alias.clone()));
        function.name = alias;
        function.arn = arn;
        for value in function.tags.values_mut() {
            *value = tag_aliases[value.as_str()].clone();
        }
    }
    map.functions.sort_by(|a, b| a.alias.cmp(&b.alias));
    for alias in map
        .accounts
        .iter()
        .chain(&map.tag_values)
        .chain(&map.source_labels)
    {
        replacements.push((alias.original.clone(), alias.alias.clone()));
    }
    // Longest first, so a name inside an ARN goes with the ARN.
    replacements.retain(|(original, _)| !original.is_empty());
    replacements.sort_by_key(|(original, _)| std::cmp::Reverse(original.len()));
    let scrub = |text: &str| -> String {
        let mut text = text.to_string();
        for (original, alias) in &replacements {
            if text.contains(original.as_str()) {
                text = text.replace(original.as_str(), alias);
            }
        }
        text
    };
    for line in &mut redacted.billed {
        if let Some(function) = &mut line.function {
            *function = billed_names
                .get(function.as_str())
                .cloned()
                .unwrap_or_else(|| scrub(function));
        }
        if let Some(tag) = &mut line.tag {
            *tag = scrub(tag);
        }
        line.usage_type = scrub(&line.usage_type);
    }
    // A caller in the snapshot takes its alias ARN; one outside it gets an alias of its own, in
    // its region and the aliased account. `lambda.amazonaws.com` (any function) names nobody.
    let mut caller_aliases: HashMap<String, String> = HashMap::new();
    for function in &mut redacted.functions {
        for caller in &mut function.function_callers {
            if let Some(alias) = billed_names.get(caller.as_str()) {
                *caller = alias.clone();
                continue;
            }
            if !caller.starts_with("arn:") {
                continue;
            }
            let alias = caller_aliases.entry(caller.clone()).or_insert_with(|| {
                let n = map.callers.len() + 1;
                let region = caller.split(':').nth(3).unwrap_or("region");
                let region = if region
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-')
                {
                    region
                } else {
                    "region"
                };
                let alias = format!(
                    "arn:aws:lambda:{region}:{}:function:caller-{n}",
                    if account.is_empty() {
                        "account"
                    } else {
                        &account
                    }
                );
                map.callers.push(Alias {
                    alias: alias.clone(),
                    original: caller.clone(),
                });
                alias
            });
            *caller = alias.clone();
        }
    }
    for warning in &mut redacted.warnings {
        warning.scope = scrub(&warning.scope);
        warning.message = scrub(&warning.message);
    }
    (redacted, map)
}

/// Every original string the map hides (for tests and checks).
pub fn originals(map: &RedactMap) -> Vec<String> {
    let mut all: Vec<String> = map
        .functions
        .iter()
        .flat_map(|f| [f.name.clone(), f.arn.clone()])
        .collect();
    all.extend(
        map.accounts
            .iter()
            .chain(&map.tag_values)
            .chain(&map.source_labels)
            .chain(&map.callers)
            .map(|a| a.original.clone()),
    );
    all
}
