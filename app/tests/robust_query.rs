//! The functions table's query string, from any URL a visitor can type: parsed without a panic,
//! every page it asks for served within bounds, and the links it writes read back the same.

use std::sync::OnceLock;

use berth_app::api::parse_query;
use berth_app::engine::analysis::analyze;
use berth_app::engine::assumptions::Assumptions;
use berth_app::engine::demo::{generate, DemoConfig};
use berth_app::engine::prices::Catalog;
use berth_app::views::{fleet_view_of, functions_page, FleetView, SnapshotItem, TableQuery};
use proptest::prelude::*;

fn fleet() -> &'static FleetView {
    static FLEET: OnceLock<FleetView> = OnceLock::new();
    FLEET.get_or_init(|| {
        let snapshot = generate(&DemoConfig {
            functions: 64,
            days: 2,
            seed: 42,
        });
        let assumptions = Assumptions::default();
        let (analysis, warnings) = analyze(&snapshot, &assumptions, &Catalog::builtin());
        fleet_view_of(
            SnapshotItem::unstored(1, &snapshot),
            &snapshot,
            &analysis,
            &warnings,
            &assumptions,
            false,
        )
    })
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("q".to_string()),
        Just("verdict".to_string()),
        Just("region".to_string()),
        Just("runtime".to_string()),
        Just("sort".to_string()),
        Just("dir".to_string()),
        Just("page".to_string()),
        Just("per".to_string()),
        ".{0,8}".prop_map(String::from),
    ]
}

fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("0".to_string()),
        Just("-1".to_string()),
        Just("18446744073709551616".to_string()),
        Just("99999999999".to_string()),
        Just("Move".to_string()),
        Just("desc".to_string()),
        Just("%zz".to_string()),
        Just("%00".to_string()),
        Just("+".to_string()),
        ".{0,24}".prop_map(String::from),
    ]
}

proptest! {
    #[test]
    fn any_query_gives_a_bounded_page_and_links_that_read_back(
        pairs in proptest::collection::vec((key(), value()), 0..10),
        raw in ".{0,64}",
    ) {
        let mut text: String = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .finish();
        text.push('&');
        text.push_str(&raw);
        let parsed = parse_query(&text);
        let (query, ignored) =
            TableQuery::from_params(parsed.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let page = functions_page(fleet(), &query, ignored);
        prop_assert!(page.rows.len() <= 500);
        // What the page links to parses back to the same query.
        let href = query.href();
        let query_part = href.split_once('?').map_or("", |(_, q)| q);
        let again = parse_query(query_part);
        let (round_trip, _) =
            TableQuery::from_params(again.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        prop_assert_eq!(round_trip, query);
    }
}
