//! The functions table: filter, sort and page the fleet's rows on the server, so a page carries
//! one screen of rows whatever the fleet's size. The query lives in the URL, so a view can be
//! shared and reloaded.

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

use super::{FleetRow, FleetView, SnapshotItem};
use crate::engine::verdict::VerdictKind;

/// Page sizes offered; the first is the default.
pub const PAGE_SIZES: [usize; 4] = [50, 100, 200, 500];

/// The table's columns, in display order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Column {
    Function,
    Region,
    Runtime,
    Memory,
    Invocations,
    Duration,
    Concurrency,
    Verdict,
    Score,
    Current,
    Cost,
    Best,
    Saving,
    Payback,
}

impl Column {
    pub const ALL: [Column; 14] = [
        Column::Function,
        Column::Region,
        Column::Runtime,
        Column::Memory,
        Column::Invocations,
        Column::Duration,
        Column::Concurrency,
        Column::Verdict,
        Column::Score,
        Column::Current,
        Column::Cost,
        Column::Best,
        Column::Saving,
        Column::Payback,
    ];

    /// The column's name in URLs (`?sort=cost`).
    pub fn key(self) -> &'static str {
        match self {
            Column::Function => "function",
            Column::Region => "region",
            Column::Runtime => "runtime",
            Column::Memory => "memory",
            Column::Invocations => "invocations",
            Column::Duration => "duration",
            Column::Concurrency => "concurrency",
            Column::Verdict => "verdict",
            Column::Score => "score",
            Column::Current => "current",
            Column::Cost => "cost",
            Column::Best => "best",
            Column::Saving => "saving",
            Column::Payback => "payback",
        }
    }

    pub fn from_key(key: &str) -> Option<Column> {
        Column::ALL.into_iter().find(|c| c.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            Column::Function => "Function",
            Column::Region => "Region",
            Column::Runtime => "Runtime",
            Column::Memory => "Memory",
            Column::Invocations => "Invocations / month",
            Column::Duration => "Avg duration",
            Column::Concurrency => "Peak concurrency",
            Column::Verdict => "Verdict",
            Column::Score => "Score",
            Column::Current => "Now / month",
            Column::Cost => "Lambda alone / month",
            Column::Best => "Best alternative / month",
            Column::Saving => "Saving / month",
            Column::Payback => "Payback",
        }
    }

    /// What the column's figure means, when its label alone does not say: shown once, on its
    /// header, rather than on every row.
    pub fn help(self) -> Option<&'static str> {
        match self {
            Column::Score => Some(
                "Container score: mean strength of the six signals (50 = every signal at its threshold)",
            ),
            Column::Current => Some("Today's setup: Lambda, plus API Gateway where used"),
            Column::Cost => Some("Lambda alone, as the Lambda bill shows it"),
            Column::Saving => Some(
                "Measured from today's setup (Lambda plus API Gateway where used)",
            ),
            Column::Payback => Some("Months for the saving to repay the change's one-time cost"),
            _ => None,
        }
    }

    pub fn numeric(self) -> bool {
        !matches!(self, Column::Function | Column::Region | Column::Runtime)
    }

    fn compare(self, a: &FleetRow, b: &FleetRow) -> Ordering {
        // Missing values sort below every number.
        let by_option = |x: Option<f64>, y: Option<f64>| {
            x.unwrap_or(f64::NEG_INFINITY)
                .total_cmp(&y.unwrap_or(f64::NEG_INFINITY))
        };
        match self {
            Column::Function => a.name.cmp(&b.name),
            Column::Region => a.region.cmp(&b.region),
            Column::Runtime => a.runtime.cmp(&b.runtime),
            Column::Memory => a.memory_mb.cmp(&b.memory_mb),
            Column::Invocations => a.monthly_invocations.total_cmp(&b.monthly_invocations),
            Column::Duration => by_option(a.avg_duration_ms, b.avg_duration_ms),
            Column::Concurrency => by_option(a.peak_concurrency, b.peak_concurrency),
            // Stay < Tune < Hybrid < Move: how far from today's setup the advice goes.
            Column::Verdict => a.verdict.cmp(&b.verdict),
            Column::Score => a.score.total_cmp(&b.score),
            Column::Current => a.current_usd.total_cmp(&b.current_usd),
            Column::Cost => a.monthly_cost_usd.total_cmp(&b.monthly_cost_usd),
            Column::Best => by_option(a.best_option_usd, b.best_option_usd),
            Column::Saving => a.saving_usd.total_cmp(&b.saving_usd),
            // No payback (Stay) sorts below every figure.
            Column::Payback => by_option(a.payback_months, b.payback_months),
        }
    }
}

/// What the table shows: filters, order and page. Empty filters match everything.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TableQuery {
    /// Case-insensitive substring of the name, region, runtime, a fired signal or a hint.
    pub q: String,
    /// In URLs by its label (`verdict=Move`); `None`: every verdict.
    pub verdict: Option<VerdictKind>,
    pub region: String,
    pub runtime: String,
    pub sort: Column,
    pub descending: bool,
    /// 1-based.
    pub page: usize,
    pub per_page: usize,
}

impl Default for TableQuery {
    fn default() -> TableQuery {
        TableQuery {
            q: String::new(),
            verdict: None,
            region: String::new(),
            runtime: String::new(),
            sort: Column::Cost,
            descending: true,
            page: 1,
            per_page: PAGE_SIZES[0],
        }
    }
}

impl TableQuery {
    /// Reads URL parameters (`q`, `verdict`, `region`, `runtime`, `sort`, `dir`, `page`, `per`).
    /// Values that mean nothing are ignored and named in the second result, so a mistyped link
    /// still shows the table and says what was dropped.
    pub fn from_params<'a>(
        params: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> (TableQuery, Vec<String>) {
        let mut query = TableQuery::default();
        let mut ignored = Vec::new();
        let mut explicit_dir = None;
        for (key, value) in params {
            let value = value.trim();
            match key {
                "q" => query.q = value.to_string(),
                "verdict" if value.is_empty() => query.verdict = None,
                "verdict" if VerdictKind::from_label(value).is_some() => {
                    query.verdict = VerdictKind::from_label(value);
                }
                "region" => query.region = value.to_string(),
                "runtime" => query.runtime = value.to_string(),
                "sort" if Column::from_key(value).is_some() => {
                    query.sort = Column::from_key(value).expect("checked");
                }
                "dir" if value == "asc" || value == "desc" => explicit_dir = Some(value == "desc"),
                "page" if value.parse::<usize>().is_ok_and(|p| p >= 1) => {
                    query.page = value.parse().expect("checked");
                }
                "per"
                    if value
                        .parse::<usize>()
                        .is_ok_and(|p| PAGE_SIZES.contains(&p)) =>
                {
                    query.per_page = value.parse().expect("checked");
                }
                "" => {}
                _ => ignored.push(format!("{key}={value}")),
            }
        }
        query.descending = explicit_dir.unwrap_or(query.sort.numeric());
        (query, ignored)
    }

    /// The URL parameters of this query, defaults left out (`sort=cost&dir=desc` is the default).
    pub fn to_params(&self) -> String {
        let default = TableQuery::default();
        let mut params: Vec<(&str, String)> = Vec::new();
        let verdict = self.verdict.map_or("", |v| v.label()).to_string();
        for (key, value) in [
            ("q", &self.q),
            ("verdict", &verdict),
            ("region", &self.region),
            ("runtime", &self.runtime),
        ] {
            if !value.is_empty() {
                params.push((key, value.clone()));
            }
        }
        if self.sort != default.sort || self.descending != default.descending {
            params.push(("sort", self.sort.key().to_string()));
            params.push(("dir", if self.descending { "desc" } else { "asc" }.into()));
        }
        if self.per_page != default.per_page {
            params.push(("per", self.per_page.to_string()));
        }
        if self.page != 1 {
            params.push(("page", self.page.to_string()));
        }
        params
            .iter()
            .map(|(k, v)| format!("{k}={}", encode(v)))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// `/functions` with this query.
    pub fn href(&self) -> String {
        let params = self.to_params();
        if params.is_empty() {
            "/functions".into()
        } else {
            format!("/functions?{params}")
        }
    }

    /// The query after clicking `column`'s header: the sorted column flips, another starts with
    /// its most useful order (biggest first for numbers, A→Z for text); back to page 1.
    pub fn sorted_by(&self, column: Column) -> TableQuery {
        let descending = if self.sort == column {
            !self.descending
        } else {
            column.numeric()
        };
        TableQuery {
            sort: column,
            descending,
            page: 1,
            ..self.clone()
        }
    }

    pub fn at_page(&self, page: usize) -> TableQuery {
        TableQuery {
            page,
            ..self.clone()
        }
    }

    /// The filters but the text: verdict, region, runtime.
    fn matches(&self, row: &FleetRow) -> bool {
        self.verdict.is_none_or(|verdict| row.verdict == verdict)
            && (self.region.is_empty() || row.region == self.region)
            && (self.runtime.is_empty() || row.runtime == self.runtime)
    }
}

/// What the table's text filter searches, lowercased once: each row's name, region, runtime and
/// the labels of its fired signals and hints, every text ended by a `\0` (no name or label holds
/// one), rows one after another. One scan of this buffer finds every row a needle is in.
struct SearchTexts {
    text: Box<[u8]>,
    /// Where each row's texts start in `text`, plus the end.
    starts: Box<[u32]>,
}

impl SearchTexts {
    fn new(rows: &[FleetRow]) -> SearchTexts {
        let mut text = Vec::new();
        let mut starts = Vec::with_capacity(rows.len() + 1);
        for row in rows {
            starts.push(text.len() as u32);
            let labels =
                (row.signals.iter().map(|s| s.label())).chain(row.hints.iter().map(|h| h.label()));
            for field in [row.name.as_str(), &row.region, &row.runtime]
                .into_iter()
                .chain(labels)
            {
                text.extend(field.to_lowercase().bytes());
                text.push(0);
            }
        }
        starts.push(text.len() as u32);
        SearchTexts {
            text: text.into(),
            starts: starts.into(),
        }
    }

    /// Per row, whether one of its texts holds `needle` (lowercase). The empty needle is in
    /// every text, one with a `\0` in none.
    fn rows_holding(&self, needle: &str) -> Vec<bool> {
        let rows = self.starts.len() - 1;
        if needle.is_empty() {
            return vec![true; rows];
        }
        let mut holding = vec![false; rows];
        if needle.as_bytes().contains(&0) {
            return holding;
        }
        let finder = memchr::memmem::Finder::new(needle.as_bytes());
        let mut at = 0;
        while let Some(found) = finder.find(&self.text[at..]) {
            let found = (at + found) as u32;
            // The row the match starts in: the last start at or before it.
            let row = self.starts.partition_point(|&start| start <= found) - 1;
            holding[row] = true;
            // The rest of that row no longer matters.
            at = self.starts[row + 1] as usize;
        }
        holding
    }
}

/// The table's work that does not depend on the query, done once per fleet view the first time
/// a query needs it: each column's row order (both directions) and the rows' search texts. A
/// page then filters and slices instead of sorting 10,000 rows.
#[derive(Default)]
pub struct TableIndex {
    orders: [[std::sync::OnceLock<Box<[u32]>>; 2]; Column::ALL.len()],
    texts: std::sync::OnceLock<SearchTexts>,
}

impl TableIndex {
    /// Row indexes of `rows` by `column` (biggest first when `descending`), ties by name, then
    /// region, both A→Z.
    fn order(&self, rows: &[FleetRow], column: Column, descending: bool) -> &[u32] {
        let at = Column::ALL
            .iter()
            .position(|c| *c == column)
            .expect("every column is in ALL");
        self.orders[at][usize::from(descending)].get_or_init(|| {
            let mut order: Vec<u32> = (0..rows.len() as u32).collect();
            order.sort_by(|&a, &b| {
                let (a, b) = (&rows[a as usize], &rows[b as usize]);
                let order = column.compare(a, b);
                let order = if descending { order.reverse() } else { order };
                order
                    .then_with(|| a.name.cmp(&b.name))
                    .then_with(|| a.region.cmp(&b.region))
            });
            order.into_boxed_slice()
        })
    }

    fn texts(&self, rows: &[FleetRow]) -> &SearchTexts {
        self.texts.get_or_init(|| SearchTexts::new(rows))
    }
}

/// A cache, not data: every index equals another, and a clone starts empty.
impl Clone for TableIndex {
    fn clone(&self) -> TableIndex {
        TableIndex::default()
    }
}

impl PartialEq for TableIndex {
    fn eq(&self, _: &TableIndex) -> bool {
        true
    }
}

impl std::fmt::Debug for TableIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TableIndex")
    }
}

/// Encodes a URL query value as browsers do (`application/x-www-form-urlencoded`: a space is `+`).
pub fn encode(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// One page of the table plus what the filter controls need.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FunctionsPageView {
    pub snapshot: SnapshotItem,
    pub query: TableQuery,
    /// URL parameters that were ignored, e.g. `sort=colour`.
    pub ignored: Vec<String>,
    pub rows: Vec<FleetRow>,
    /// Functions matching the filters, and in the fleet.
    pub matched: usize,
    pub total: usize,
    pub pages: usize,
    pub regions: Vec<String>,
    pub runtimes: Vec<String>,
    pub prices_note: String,
}

/// Filters, sorts (ties by name, then region) and pages `fleet` by `query`. A page past the end
/// shows the last page.
pub fn functions_page(
    fleet: &FleetView,
    query: &TableQuery,
    ignored: Vec<String>,
) -> FunctionsPageView {
    let order = fleet.table.order(&fleet.rows, query.sort, query.descending);
    let needle = query.q.to_lowercase();
    let holding =
        (!needle.is_empty()).then(|| fleet.table.texts(&fleet.rows).rows_holding(&needle));
    let filtered = holding.is_some()
        || query.verdict.is_some()
        || !query.region.is_empty()
        || !query.runtime.is_empty();
    let matched: std::borrow::Cow<[u32]> = if filtered {
        order
            .iter()
            .copied()
            .filter(|&index| {
                holding.as_ref().is_none_or(|h| h[index as usize])
                    && query.matches(&fleet.rows[index as usize])
            })
            .collect::<Vec<u32>>()
            .into()
    } else {
        order.into()
    };
    let pages = matched.len().div_ceil(query.per_page).max(1);
    let page = query.page.min(pages);
    let rows = matched
        .iter()
        .skip((page - 1) * query.per_page)
        .take(query.per_page)
        .map(|&index| fleet.rows[index as usize].clone())
        .collect();
    FunctionsPageView {
        snapshot: fleet.snapshot.clone(),
        query: TableQuery {
            page,
            ..query.clone()
        },
        ignored,
        rows,
        matched: matched.len(),
        total: fleet.rows.len(),
        pages,
        regions: fleet.row_regions.clone(),
        runtimes: fleet.runtimes.clone(),
        prices_note: fleet.prices_note.clone(),
    }
}

#[cfg(test)]
mod tests;
