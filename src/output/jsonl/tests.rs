//! The hand-written line against serde_json, over records no document would produce:
//! every enum variant, every optional field both ways, arbitrary strings (quotes,
//! backslashes, control bytes, non-ASCII) and numbers of every size.

use std::borrow::Cow;
use std::sync::Arc;

use proptest::prelude::*;
use rust_decimal::Decimal;

use crate::claims::{ClaimKind, Modality, Role, TimeFrom};
use crate::output::json::{
    AttributionOut, ClaimActor, ClaimOut, ClaimTimeOut, DocOut, Extraction, MentionOut, SCHEMA, SentenceOut, TriggerOut,
};
use crate::output::snippet::Snippet;
use crate::recognize::time::TimexType;
use crate::segment::Part;
use crate::value::{ActorValue, Amount, Kind, MoneyValue, PercentValue, QuantityValue, TimeValue, Value};

fn assert_same_as_serde_json(record: &Extraction) {
    let mut ours = Vec::new();
    record.write_json(&mut ours).expect("the record is written");
    let theirs = serde_json::to_vec(record).expect("serde_json writes the record");
    assert!(ours == theirs, "{}\n!=\n{}", String::from_utf8_lossy(&ours), String::from_utf8_lossy(&theirs));
}

/// Strings that are often plain ASCII, as claimex's are, and often hostile.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z/-]{0,24}",
        "(?s).{0,40}",
        proptest::collection::vec(0u8..0x80, 0..40).prop_map(|b| String::from_utf8(b).expect("ASCII")),
        "[a-z \"\\\\\u{1}\u{1f}\n\té€𝄞]{0,40}",
    ]
}

/// Static strings, as actor types and `via` are: the writer must not take them to be clean.
fn static_text() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "country",
        "",
        "a\"b",
        "back\\slash",
        "\u{1}",
        "tab\there",
        "Türkiye",
        "0123456789abcdefg",
    ])
}

fn number() -> impl Strategy<Value = usize> {
    prop_oneof![0usize..10, 0usize..100_000, 0usize..100_000_000, any::<usize>()]
}

fn amount() -> impl Strategy<Value = Option<Amount>> {
    let whole = (0i64..1_000_000_000_000).prop_map(|n| Decimal::new(n, 0));
    let scaled = (any::<i64>(), 0u32..=28).prop_map(|(n, scale)| Decimal::new(n, scale));
    let wide = (any::<i128>(), 0u32..=28)
        .prop_filter_map("outside Decimal's range", |(n, s)| Decimal::try_from_i128_with_scale(n >> 32, s).ok());
    proptest::option::of(prop_oneof![whole, scaled, wide].prop_map(Amount))
}

fn value() -> impl Strategy<Value = Value> {
    let time = (
        prop::sample::select(vec![TimexType::Date, TimexType::Time, TimexType::Duration, TimexType::Set]),
        text(),
        proptest::option::of(text()),
    )
        .prop_map(|(timex_type, timex, modifier)| {
            Value::Time(TimeValue { timex_type, timex, modifier, relative: None })
        });
    let money = (
        text(),
        amount(),
        amount(),
        amount(),
        any::<bool>(),
        proptest::option::of(text()),
        proptest::option::of(text()),
    )
        .prop_map(|(currency, amount, min, max, approx, modifier, per)| {
            Value::Money(MoneyValue { currency, amount, min, max, approx, modifier, per })
        });
    let percent = (amount(), amount(), amount(), amount(), any::<bool>(), proptest::option::of(text())).prop_map(
        |(percent, points, min, max, approx, modifier)| {
            Value::Percent(PercentValue { percent, points, min, max, approx, modifier })
        },
    );
    let quantity = (
        amount(),
        amount(),
        amount(),
        text(),
        proptest::option::of(text()),
        any::<bool>(),
        proptest::option::of(text()),
    )
        .prop_map(|(amount, min, max, unit, per, approx, modifier)| {
            Value::Quantity(QuantityValue { amount, min, max, unit, per, approx, modifier })
        });
    let actor = (text(), text(), static_text(), proptest::option::of(text()), proptest::option::of(static_text()))
        .prop_map(|(id, name, actor_type, country, via)| {
            Value::Actor(ActorValue {
                id: Arc::from(id),
                name: Arc::from(name),
                actor_type,
                country: country.map(Arc::from),
                via,
            })
        });
    prop_oneof![time, money, percent, quantity, actor, text().prop_map(Value::Name)]
}

/// A span of the source: any byte range, on char boundaries or not.
fn span() -> impl Strategy<Value = (usize, usize)> {
    (0usize..120, 0usize..120)
}

/// A sentence: `i`, `start`, `end`, `part`, `text`.
type SentencePieces = (usize, usize, usize, Part, (usize, usize));

/// A mention: `id`, `kind`, `start`, `end`, `text`, `sentence`, `rule`, `value`.
type MentionPieces = (usize, Kind, usize, usize, (usize, usize), usize, String, Value);

/// The pieces of a record, before they are given the shared source.
#[derive(Debug, Clone)]
struct Pieces {
    source: String,
    doc: (String, Option<String>, Option<String>, Option<String>, Vec<String>),
    sentences: Vec<SentencePieces>,
    mentions: Vec<MentionPieces>,
    claims: Vec<ClaimPieces>,
}

#[derive(Debug, Clone)]
struct ClaimPieces {
    numbers: (usize, usize, usize, usize),
    text: (usize, usize),
    kind: ClaimKind,
    trigger: Option<(usize, usize, (usize, usize), String)>,
    time: Option<(String, Option<usize>, TimeFrom, Option<usize>)>,
    actors: Vec<(usize, Role)>,
    figures: Vec<usize>,
    attribution: Option<(Option<usize>, String, Option<usize>)>,
    modality: Modality,
}

fn part() -> impl Strategy<Value = Part> {
    prop::sample::select(vec![Part::Title, Part::Byline, Part::Body, Part::Debris])
}

fn kind() -> impl Strategy<Value = Kind> {
    prop::sample::select(vec![Kind::Time, Kind::Money, Kind::Percent, Kind::Quantity, Kind::Actor, Kind::Name])
}

fn claim() -> impl Strategy<Value = ClaimPieces> {
    let kinds =
        prop::sample::select(vec![ClaimKind::Event, ClaimKind::Statistic, ClaimKind::Statement, ClaimKind::Assessment]);
    let from = prop::sample::select(vec![TimeFrom::Sentence, TimeFrom::Context, TimeFrom::Dct]);
    let role = prop::sample::select(vec![Role::Agent, Role::Target, Role::Other]);
    let modality = prop::sample::select(Modality::ALL.to_vec());
    (
        (number(), number(), number(), number()),
        span(),
        kinds,
        proptest::option::of((number(), number(), span(), text())),
        proptest::option::of((text(), proptest::option::of(number()), from, proptest::option::of(number()))),
        proptest::collection::vec((number(), role), 0..4),
        proptest::collection::vec(number(), 0..4),
        proptest::option::of((proptest::option::of(number()), text(), proptest::option::of(number()))),
        modality,
    )
        .prop_map(|(numbers, text, kind, trigger, time, actors, figures, attribution, modality)| ClaimPieces {
            numbers,
            text,
            kind,
            trigger,
            time,
            actors,
            figures,
            attribution,
            modality,
        })
}

fn pieces() -> impl Strategy<Value = Pieces> {
    (
        text(),
        (
            text(),
            proptest::option::of(text()),
            proptest::option::of(text()),
            proptest::option::of(text()),
            proptest::collection::vec(text(), 0..3),
        ),
        proptest::collection::vec((number(), number(), number(), part(), span()), 0..4),
        proptest::collection::vec((number(), kind(), number(), number(), span(), number(), text(), value()), 0..6),
        proptest::collection::vec(claim(), 0..4),
    )
        .prop_map(|(source, doc, sentences, mentions, claims)| Pieces { source, doc, sentences, mentions, claims })
}

fn record(pieces: Pieces) -> Extraction {
    let source: Arc<str> = Arc::from(pieces.source);
    let snippet = |(start, end): (usize, usize)| Snippet::new(&source, start, end);
    let (id, doc_source, dct, title, authors) = pieces.doc;
    Extraction {
        schema: SCHEMA,
        doc: DocOut { id, source: doc_source, dct, title, authors },
        sentences: pieces
            .sentences
            .into_iter()
            .map(|(i, start, end, part, text)| SentenceOut { i, start, end, part, text: snippet(text) })
            .collect(),
        mentions: pieces
            .mentions
            .into_iter()
            .map(|(id, kind, start, end, text, sentence, rule, value)| MentionOut {
                id,
                kind,
                start,
                end,
                text: snippet(text),
                sentence,
                rule: Cow::Owned(rule),
                value,
            })
            .collect(),
        claims: pieces
            .claims
            .into_iter()
            .map(|c| ClaimOut {
                id: c.numbers.0,
                sentence: c.numbers.1,
                start: c.numbers.2,
                end: c.numbers.3,
                text: snippet(c.text),
                kind: c.kind,
                trigger: c.trigger.map(|(start, end, text, class)| TriggerOut {
                    start,
                    end,
                    text: snippet(text),
                    class: class.into(),
                }),
                time: c.time.map(|(timex, mention, from, back)| ClaimTimeOut { timex, mention, from, back }),
                actors: c.actors.into_iter().map(|(mention, role)| ClaimActor { mention, role }).collect(),
                figures: c.figures,
                attribution: c.attribution.map(|(source, cue, inner)| AttributionOut { source, cue, inner }),
                modality: c.modality,
            })
            .collect(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_records_are_written_as_serde_json_writes_them(pieces in pieces()) {
        assert_same_as_serde_json(&record(pieces));
    }
}
