//! "At least `m` of these `n` clauses", the strict query's "most words must match", walking only
//! the documents that can qualify.
//!
//! tantivy's own minimum-should-match disjunction visits every document that any clause matches
//! and counts: a query with one word that nearly every page says (`nova` in `nova nvr r16`, a
//! product line's name) costs as much as that word alone. But a document with `m` of the `n`
//! clauses has at least one of any `n − m + 1` of them. So here the `n − m + 1` rarest clauses
//! of each segment (the *leads*) propose the candidates, and the others (the *tails*, most
//! common last) are only asked about each candidate, by a seek in their postings, and only while
//! enough of them are left to reach `m`. The documents matched and their scores (the sum of the
//! matching clauses' scores) are those of `BooleanQuery::with_minimum_required_clauses`.

use tantivy::query::{EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, TantivyError, Term, TERMINATED};

/// Documents that match at least `required` of `clauses`, scored by the sum of those that match.
#[derive(Debug)]
pub(super) struct AtLeast {
    clauses: Vec<Box<dyn Query>>,
    required: usize,
}

impl AtLeast {
    /// At least `required` (taken as 1 or more) of `clauses`. Meant for 1 < `required` <
    /// `clauses.len()`: below, it is a union, and above, an intersection, which tantivy does well
    /// itself.
    pub(super) fn new(clauses: Vec<Box<dyn Query>>, required: usize) -> AtLeast {
        AtLeast {
            clauses,
            required: required.max(1),
        }
    }
}

impl Clone for AtLeast {
    fn clone(&self) -> AtLeast {
        AtLeast {
            clauses: self.clauses.iter().map(|c| c.box_clone()).collect(),
            required: self.required,
        }
    }
}

impl Query for AtLeast {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let weights = self
            .clauses
            .iter()
            .map(|c| c.weight(scoring))
            .collect::<tantivy::Result<Vec<_>>>()?;
        Ok(Box::new(AtLeastWeight {
            weights,
            required: self.required,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for clause in &self.clauses {
            clause.query_terms(visitor);
        }
    }
}

struct AtLeastWeight {
    weights: Vec<Box<dyn Weight>>,
    required: usize,
}

impl Weight for AtLeastWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut scorers = Vec::with_capacity(self.weights.len());
        for weight in &self.weights {
            let scorer = weight.scorer(reader, boost)?;
            // A clause with nothing in this segment can never count.
            if scorer.doc() != TERMINATED {
                scorers.push(scorer);
            }
        }
        let required = self.required;
        if scorers.len() < required {
            return Ok(Box::new(EmptyScorer));
        }
        scorers.sort_by_key(DocSet::cost);
        let tails = scorers.split_off(scorers.len() - required + 1);
        Ok(Box::new(AtLeastScorer::new(scorers, tails, required)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut matched = Vec::new();
        for weight in &self.weights {
            if let Ok(explanation) = weight.explain(reader, doc) {
                matched.push(explanation);
            }
        }
        if matched.len() < self.required {
            return Err(TantivyError::InvalidArgument(format!(
                "Document #({doc}) does not match"
            )));
        }
        let mut explanation = Explanation::new_with_string(
            format!("at least {} of {} clauses", self.required, self.weights.len()),
            matched.iter().map(Explanation::value).sum(),
        );
        for detail in matched {
            explanation.add_detail(detail);
        }
        Ok(explanation)
    }
}

/// Whether `scorer` has `doc`, seeking it there if it stands before.
fn on(scorer: &mut Box<dyn Scorer>, doc: DocId) -> bool {
    if scorer.doc() < doc {
        scorer.seek(doc);
    }
    scorer.doc() == doc
}

/// See the module's documentation: `leads` propose, `tails` (sorted by cost) are asked.
struct AtLeastScorer {
    leads: Vec<Box<dyn Scorer>>,
    tails: Vec<Box<dyn Scorer>>,
    required: usize,
    doc: DocId,
    score: Score,
}

impl AtLeastScorer {
    fn new(leads: Vec<Box<dyn Scorer>>, tails: Vec<Box<dyn Scorer>>, required: usize) -> AtLeastScorer {
        let mut scorer = AtLeastScorer {
            leads,
            tails,
            required,
            doc: 0,
            score: 0.0,
        };
        scorer.settle();
        scorer
    }

    /// Moves to the first document, at or after where the leads stand, that enough clauses
    /// match.
    fn settle(&mut self) -> DocId {
        loop {
            let doc = self.leads.iter().map(DocSet::doc).min().unwrap_or(TERMINATED);
            if doc == TERMINATED {
                self.doc = TERMINATED;
                return TERMINATED;
            }
            let mut matched = 0;
            let mut score: Score = 0.0;
            for lead in &mut self.leads {
                if lead.doc() == doc {
                    matched += 1;
                    score += lead.score();
                }
            }
            // Ask the tails, rarest first, while they can still make up the count.
            let mut asked = 0;
            while asked < self.tails.len()
                && matched < self.required
                && matched + (self.tails.len() - asked) >= self.required
            {
                if on(&mut self.tails[asked], doc) {
                    matched += 1;
                    score += self.tails[asked].score();
                }
                asked += 1;
            }
            if matched >= self.required {
                // The tails not asked yet still add to the score of a document that qualifies.
                for tail in &mut self.tails[asked..] {
                    if on(tail, doc) {
                        score += tail.score();
                    }
                }
                self.doc = doc;
                self.score = score;
                return doc;
            }
            self.leave(doc);
        }
    }

    /// Moves the leads that stand on `doc` past it.
    fn leave(&mut self, doc: DocId) {
        for lead in &mut self.leads {
            if lead.doc() == doc {
                lead.advance();
            }
        }
    }
}

impl DocSet for AtLeastScorer {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        self.leave(self.doc);
        self.settle()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        for lead in &mut self.leads {
            if lead.doc() < target {
                lead.seek(target);
            }
        }
        self.settle()
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.leads.iter().map(DocSet::size_hint).fold(0, u32::saturating_add)
    }

    fn cost(&self) -> u64 {
        self.leads.iter().map(DocSet::cost).sum()
    }
}

impl Scorer for AtLeastScorer {
    fn score(&mut self) -> Score {
        self.score
    }
}

#[cfg(test)]
mod tests {
    use super::AtLeast;
    use tantivy::collector::TopDocs;
    use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
    use tantivy::schema::{IndexRecordOption, Schema, TEXT};
    use tantivy::{doc, Index, Term};

    /// Every document matched with every minimum, and the same scores, as tantivy's own
    /// minimum-should-match disjunction, over words of very different frequencies and several
    /// segments.
    #[test]
    fn matches_and_scores_as_tantivys_minimum_should_match() {
        let mut schema = Schema::builder();
        let text = schema.add_text_field("text", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let words = ["common", "often", "some", "rare", "once"];
        for segment in 0..3u32 {
            for i in 0..400u32 {
                let n = i + segment * 400;
                // common: every doc; often: 1 in 2; some: 1 in 7; rare: 1 in 41; once: one doc.
                let mut body = String::from("common");
                for (word, every) in [("often", 2), ("some", 7), ("rare", 41)] {
                    if n % every == 0 {
                        body.push(' ');
                        body.push_str(word);
                    }
                }
                if n == 777 {
                    body.push_str(" once once");
                }
                writer.add_document(doc!(text => body)).unwrap();
            }
            writer.commit().unwrap();
        }
        let searcher = index.reader().unwrap().searcher();
        assert_eq!(searcher.segment_readers().len(), 3);
        let clause = |w: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(text, w),
                IndexRecordOption::WithFreqs,
            ))
        };
        for chosen in [
            &words[..],
            &words[..3],
            &words[1..],
            &words[2..],
            &["once", "common", "rare"][..],
        ] {
            for required in 2..chosen.len() {
                let ours = AtLeast::new(chosen.iter().map(|w| clause(w)).collect(), required);
                let theirs = BooleanQuery::with_minimum_required_clauses(
                    chosen.iter().map(|w| (Occur::Should, clause(w))).collect(),
                    required,
                );
                let top = TopDocs::with_limit(2000).order_by_score();
                let mut a = searcher.search(&ours, &top).unwrap();
                let mut b = searcher.search(&theirs, &top).unwrap();
                assert!(!b.is_empty() || chosen.contains(&"once"), "{chosen:?} {required}");
                a.sort_by_key(|(_, d)| *d);
                b.sort_by_key(|(_, d)| *d);
                assert_eq!(a.len(), b.len(), "{chosen:?} at least {required}");
                for ((sa, da), (sb, db)) in a.iter().zip(&b) {
                    assert_eq!(da, db, "{chosen:?} at least {required}");
                    assert!(
                        (sa - sb).abs() <= 1e-5 * sb.abs(),
                        "{chosen:?} {required}: {sa} vs {sb}"
                    );
                }
                assert_eq!(
                    searcher.search(&ours, &tantivy::collector::Count).unwrap(),
                    b.len(),
                    "{chosen:?} at least {required}"
                );
            }
        }
    }
}
