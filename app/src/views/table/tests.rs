use super::*;
use crate::engine::demo::{generate, DemoConfig};
use crate::engine::signals::SignalKind;
use crate::engine::verdict::VerdictKind;
use crate::engine::{assumptions::Assumptions, prices::Catalog};
use crate::views::{fleet_view, SnapshotItem};

fn fleet(functions: usize) -> FleetView {
    let snapshot = generate(&DemoConfig {
        functions,
        ..DemoConfig::default()
    });
    fleet_view(
        SnapshotItem::unstored(1, &snapshot),
        &snapshot,
        &Catalog::builtin(),
        &Assumptions::default(),
        false,
    )
}

fn query(url: &str) -> (TableQuery, Vec<String>) {
    TableQuery::from_params(url.split('&').filter_map(|pair| pair.split_once('=')))
}

#[test]
fn url_parameters_round_trip_and_defaults_stay_out_of_the_url() {
    let (default, ignored) = query("");
    assert_eq!(default, TableQuery::default());
    assert!(ignored.is_empty());
    assert_eq!(default.href(), "/functions");
    let (q, ignored) =
        query("q=etl job&verdict=Move&region=eu-west-1&sort=saving&dir=asc&page=3&per=100");
    assert!(ignored.is_empty());
    assert_eq!(q.sort, Column::Saving);
    assert!(!q.descending);
    assert_eq!((q.page, q.per_page), (3, 100));
    assert_eq!(
        q.href(),
        "/functions?q=etl+job&verdict=Move&region=eu-west-1&sort=saving&dir=asc&per=100&page=3"
    );
    // Text columns start A→Z, numbers biggest first, unless the URL says otherwise.
    assert!(!query("sort=function").0.descending);
    assert!(query("sort=memory").0.descending);
}

#[test]
fn meaningless_parameters_are_ignored_and_named() {
    let (q, ignored) = query("sort=colour&verdict=Maybe&page=0&per=7&dir=up&zoom=2");
    assert_eq!(q, TableQuery::default());
    assert_eq!(
        ignored,
        [
            "sort=colour",
            "verdict=Maybe",
            "page=0",
            "per=7",
            "dir=up",
            "zoom=2"
        ]
    );
}

#[test]
fn clicking_a_header_flips_the_sorted_column_and_returns_to_page_one() {
    let (q, _) = query("sort=cost&page=4");
    let flipped = q.sorted_by(Column::Cost);
    assert!(!flipped.descending);
    assert_eq!(flipped.page, 1);
    let by_name = flipped.sorted_by(Column::Function);
    assert_eq!(
        (by_name.sort, by_name.descending),
        (Column::Function, false)
    );
}

#[test]
fn filters_sort_and_pages_cover_every_matching_row_once() {
    let fleet = fleet(64);
    let (q, _) = query("verdict=Stay&sort=cost&dir=desc&per=50");
    let expected: Vec<&FleetRow> = fleet
        .rows
        .iter()
        .filter(|r| r.verdict == VerdictKind::Stay)
        .collect();
    assert!(expected.len() > 1, "the demo fleet has functions that stay");
    let first = functions_page(&fleet, &q, Vec::new());
    assert_eq!(first.matched, expected.len());
    assert_eq!(first.total, 64);
    assert_eq!(first.pages, expected.len().div_ceil(50));
    let mut seen: Vec<FleetRow> = Vec::new();
    for page in 1..=first.pages {
        seen.extend(functions_page(&fleet, &q.at_page(page), Vec::new()).rows);
    }
    assert_eq!(seen.len(), expected.len());
    assert!(seen.iter().all(|r| r.verdict == VerdictKind::Stay));
    assert!(seen
        .windows(2)
        .all(|w| w[0].monthly_cost_usd >= w[1].monthly_cost_usd));
    // A page past the end shows the last one.
    let past = functions_page(&fleet, &q.at_page(99), Vec::new());
    assert_eq!(past.query.page, first.pages);
}

#[test]
fn text_search_matches_names_case_insensitively_and_signals() {
    let fleet = fleet(64);
    let name = fleet.rows[5].name.clone();
    let (q, _) = query(&format!("q={}", name.to_uppercase()));
    let page = functions_page(&fleet, &q, Vec::new());
    assert!(page.rows.iter().any(|r| r.name == name));
    assert!(page.rows.iter().all(|r| r.name.contains(&name)));
    let steady = fleet
        .rows
        .iter()
        .filter(|r| r.signals.contains(&SignalKind::SteadyTraffic))
        .count();
    let (q, _) = query("q=steady traffic");
    assert_eq!(functions_page(&fleet, &q, Vec::new()).matched, steady);
}

#[test]
fn rows_carry_scores_strengths_and_the_best_alternative() {
    let fleet = fleet(64);
    for row in &fleet.rows {
        assert_eq!(row.strengths.len(), 6);
        let mean = row.strengths.iter().sum::<f64>() / 6.0 * 100.0;
        assert!((row.score - mean).abs() < 1e-9);
        assert!((0.0..=100.0).contains(&row.score));
        assert_eq!(
            row.fired.iter().filter(|f| **f).count(),
            row.signals.len(),
            "{}",
            row.name
        );
        if row.verdict != VerdictKind::Stay {
            let best = row.best_option_usd.expect("an alternative is priced");
            assert!(
                best <= row.current_usd - row.saving_usd + 1e-6,
                "{}",
                row.name
            );
        }
    }
}

#[test]
fn invocations_per_month_follow_the_hours_per_month_assumption() {
    let snapshot = generate(&DemoConfig {
        functions: 8,
        ..DemoConfig::default()
    });
    let catalog = Catalog::builtin();
    let view = |hours_per_month: f64| {
        let assumptions = Assumptions {
            hours_per_month,
            ..Assumptions::default()
        };
        fleet_view(
            SnapshotItem::unstored(1, &snapshot),
            &snapshot,
            &catalog,
            &assumptions,
            false,
        )
    };
    let (standard, shorter) = (view(730.0), view(365.0));
    for (function, (a, b)) in snapshot
        .functions
        .iter()
        .zip(standard.rows.iter().zip(&shorter.rows))
    {
        let observed = function.series.invocations.present_count() as f64;
        let expected = function.series.invocations.sum() * 730.0 / observed;
        assert!((a.monthly_invocations - expected).abs() <= 1e-9 * expected.max(1.0));
        assert!(
            (b.monthly_invocations - 0.5 * a.monthly_invocations).abs() <= 1e-9 * expected.max(1.0)
        );
    }
    assert!(
        shorter.prices_note.contains("monthly = 365 hours"),
        "{}",
        shorter.prices_note
    );
}

#[test]
fn the_prices_note_says_when_saved_overrides_apply() {
    let snapshot = generate(&DemoConfig {
        functions: 4,
        ..DemoConfig::default()
    });
    let note = |overridden| {
        fleet_view(
            SnapshotItem::unstored(1, &snapshot),
            &snapshot,
            &Catalog::builtin(),
            &Assumptions::default(),
            overridden,
        )
        .prices_note
    };
    assert!(note(true).contains("your saved price overrides"));
    assert!(note(false).contains("public AWS pricing pages"));
    assert!(note(false).contains("monthly = 730 hours"));
}

#[test]
fn payback_sorts_and_hints_are_searchable() {
    let fleet = fleet(64);
    // Shortest payback first (ascending); functions without one (Stay) go last.
    let (q, _) = query("sort=payback&dir=asc&per=500");
    let page = functions_page(&fleet, &q, Vec::new());
    let paybacks: Vec<Option<f64>> = page.rows.iter().map(|r| r.payback_months).collect();
    let known: Vec<f64> = paybacks.iter().flatten().copied().collect();
    assert!(known.len() >= 10, "{paybacks:?}");
    assert!(known.windows(2).all(|w| w[0] <= w[1]), "{known:?}");
    // Missing values sort below every number: first when ascending.
    let first_known = paybacks.iter().position(Option::is_some).unwrap();
    assert!(paybacks[..first_known].iter().all(Option::is_none));
    assert!(paybacks[first_known..].iter().all(Option::is_some));
    // Each row's payback is its one-time cost over its saving.
    for row in page.rows.iter().filter(|r| r.payback_months.is_some()) {
        let expected = row.one_time_usd / row.saving_usd;
        assert!(
            (row.payback_months.unwrap() - expected).abs() < 1e-9,
            "{}",
            row.name
        );
    }
    // The search matches a hint's label.
    let (q, _) = query("q=high error&per=500");
    let page = functions_page(&fleet, &q, Vec::new());
    assert_eq!(page.matched, 3);
    assert!(page.rows.iter().all(|r| r
        .hints
        .contains(&crate::engine::hints::HintKind::HighErrors)));
    // Today's full cost is Lambda plus what is in front of it, and says so.
    let row = fleet
        .rows
        .iter()
        .find(|r| r.name == "accounts-api-041")
        .unwrap();
    assert_eq!(format!("{:.2}", row.current_usd), "54.35");
    assert_eq!(format!("{:.2}", row.monthly_cost_usd), "17.10");
    assert_eq!(
        row.current_includes,
        "Lambda $17.10 + API Gateway REST API requests $37.25"
    );
}

/// The fleet view's precomputed orders give what sorting the matching rows gives, for every
/// column, both directions, with and without filters, and again from a cached order.
#[test]
fn every_column_and_direction_pages_as_a_direct_sort() {
    let fleet = fleet(300);
    for column in Column::ALL {
        for (dir, descending) in [("asc", false), ("desc", true)] {
            for filter in [
                "",
                "&verdict=Tune",
                "&q=API",
                "&region=eu-west-1&q=ord",
                "&q=WEST",
                "&q=1us",
                "&q=ed t",
            ] {
                let (q, _) = query(&format!("sort={}&dir={dir}&per=500{filter}", column.key()));
                let needle = q.q.to_lowercase();
                let mut expected: Vec<&FleetRow> = fleet
                    .rows
                    .iter()
                    .filter(|r| q.verdict.is_none_or(|v| r.verdict == v))
                    .filter(|r| q.region.is_empty() || r.region == q.region)
                    .filter(|r| {
                        needle.is_empty()
                            || r.name.to_lowercase().contains(&needle)
                            || r.region.to_lowercase().contains(&needle)
                            || r.runtime.to_lowercase().contains(&needle)
                            || r.signals
                                .iter()
                                .any(|s| s.label().to_lowercase().contains(&needle))
                            || r.hints
                                .iter()
                                .any(|h| h.label().to_lowercase().contains(&needle))
                    })
                    .collect();
                expected.sort_by(|a, b| {
                    let order = column.compare(a, b);
                    if descending { order.reverse() } else { order }
                        .then_with(|| a.name.cmp(&b.name))
                        .then_with(|| a.region.cmp(&b.region))
                });
                let page = functions_page(&fleet, &q, Vec::new());
                assert_eq!(page.matched, expected.len(), "{column:?} {dir} {filter}");
                let names: Vec<&str> = page.rows.iter().map(|r| r.name.as_str()).collect();
                let wanted: Vec<&str> = expected.iter().map(|r| r.name.as_str()).collect();
                assert_eq!(names, wanted, "{column:?} {dir} {filter}");
            }
        }
    }
    assert!(functions_page(&fleet, &query("q=api").0, Vec::new()).matched > 0);
    assert!(functions_page(&fleet, &query("q=west").0, Vec::new()).matched > 0);
}

/// A needle is looked for in each text on its own: not across a row's texts (a name's end and
/// its region's start), not across rows, and one holding a NUL is in no text.
#[test]
fn a_needle_never_spans_two_texts() {
    let fleet = fleet(64);
    let row = &fleet.rows[0];
    let spanning = format!("{}{}", &row.name[row.name.len() - 2..], &row.region[..2]);
    let expected = fleet
        .rows
        .iter()
        .filter(|r| r.name.contains(&spanning) || r.region.contains(&spanning))
        .count();
    let (mut q, _) = query("");
    q.q = spanning;
    assert_eq!(functions_page(&fleet, &q, Vec::new()).matched, expected);
    let next = &fleet.rows[1];
    // Row 0's last text, then row 1's first.
    let last = (row.hints.last().map(|h| h.label()))
        .or(row.signals.last().map(|s| s.label()))
        .unwrap_or(&row.runtime);
    q.q = format!("{}{}", last.to_lowercase(), next.name.to_lowercase());
    assert_eq!(functions_page(&fleet, &q, Vec::new()).matched, 0);
    q.q = format!("{}\0", &row.name[..3]);
    assert_eq!(functions_page(&fleet, &q, Vec::new()).matched, 0);
    // The empty needle is in every row (the page skips the search then).
    let texts = fleet.table.texts(&fleet.rows);
    assert!(texts.rows_holding("").iter().all(|&h| h));
    assert_eq!(texts.rows_holding("").len(), fleet.rows.len());
}
