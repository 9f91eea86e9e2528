//! The firmware checker as a plain state machine: where a check stands, what the user gave it
//! (the file, a pasted hash, a checksum list, extra algorithms) and how each event changes that.
//! Events go in through [`Checker::handle`]; what only the browser can do (start or stop a
//! hashing worker, read a checksum list) comes back out as [`Effect`]s, so every transition is
//! tested natively. The component in `pages::firmware` binds it to signals, the worker and the DOM.

use super::{
    algorithms_for, judge, looks_like_checksum_list, parse_checksum_file, parse_hash, Algorithm, ChecksumList,
    Computed, Expectations, Verdict, MAX_CHECKSUM_LIST_BYTES,
};
use crate::model::{Digest, FirmwareCheck};

/// What the checker needs to know of a file the user gave it. The file itself (in the browser, a
/// handle the worker reads through) only passes through: it comes back in an [`Effect`].
pub trait GivenFile: Clone {
    /// The file's name, without any folder.
    fn name(&self) -> &str;
    /// Size in bytes.
    fn size(&self) -> u64;
}

/// Names one hashing worker, so that reports from a worker that was stopped or replaced are
/// told apart from the current one's and ignored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JobId(u64);

/// Names one read of a checksum list: only the latest one asked for counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReadId(u64);

/// What a hashing worker reports.
#[derive(Clone, Debug, PartialEq)]
pub enum HashEvent {
    /// `done` of `total` bytes hashed after `elapsed_ms`.
    Progress {
        /// Bytes hashed.
        done: f64,
        /// File size.
        total: f64,
        /// Time since the start.
        elapsed_ms: f64,
    },
    /// Finished: the digests, lower-case hex.
    Done {
        /// One per algorithm asked for.
        digests: Vec<Digest>,
        /// File size.
        total: f64,
        /// Time taken.
        elapsed_ms: f64,
    },
    /// Could not hash the file (or the worker could not start).
    Failed(String),
}

/// Where a check stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Phase {
    /// No file yet.
    Idle,
    /// A worker is hashing the file.
    Hashing {
        /// The worker.
        job: JobId,
        /// Bytes hashed so far.
        done: f64,
        /// File size.
        total: f64,
        /// Time since the start (0 until the worker's first report).
        elapsed_ms: f64,
    },
    /// Hashed.
    Done {
        /// The digests.
        computed: Computed,
        /// File size.
        total: f64,
        /// Time taken.
        elapsed_ms: f64,
    },
    /// The file could not be hashed: why.
    Failed(String),
    /// The user stopped the check.
    Cancelled,
}

/// A checksum list the user added, with the name of its file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NamedList {
    /// The list's file name.
    pub name: String,
    /// What could be read of it.
    pub list: ChecksumList,
}

/// Something the user or the browser did.
#[derive(Clone, Debug, PartialEq)]
pub enum Event<F> {
    /// Files chosen with the file input: the first is checked (any check under way is stopped).
    Picked(Vec<F>),
    /// Files dropped on the checker. Checksum lists are told apart by their names; an image
    /// dropped with its list is hashed once the list is read, so one pass computes every
    /// algorithm the list needs.
    Dropped(Vec<F>),
    /// Files chosen with the checksum-file input: the first is read as a checksum list.
    ListPicked(Vec<F>),
    /// The text of the checksum list asked for with [`Effect::ReadList`], or why it could not be read.
    ListRead {
        /// The read this answers.
        read: ReadId,
        /// The text, or a message.
        text: Result<String, String>,
    },
    /// A report from the worker started with [`Effect::StartHash`].
    Worker(JobId, HashEvent),
    /// The Cancel button.
    Cancel,
    /// Hash the file again, also with these algorithms ("Check again", "Start again", "Hash
    /// again with MD5").
    HashAgain(Vec<Algorithm>),
    /// The pasted hash was edited.
    Pasted(String),
    /// An "Also compute" box was ticked (`true`) or unticked.
    Extra(Algorithm, bool),
}

/// What the checker asks the browser to do.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect<F> {
    /// Start a worker hashing `file` with `algorithms`; send its reports as [`Event::Worker`] with `job`.
    StartHash {
        /// Names the worker.
        job: JobId,
        /// The file.
        file: F,
        /// What to compute, sorted, without duplicates.
        algorithms: Vec<Algorithm>,
    },
    /// Stop this worker at once: nothing it would still report matters.
    StopWorker(JobId),
    /// Read `file` as text; send the result as [`Event::ListRead`] with `read`.
    ReadList {
        /// Names the read.
        read: ReadId,
        /// The checksum list.
        file: F,
    },
}

/// The state of one checker: the images it knows, what the user gave it, and where the check stands.
#[derive(Clone, Debug)]
pub struct Checker<F> {
    /// The images expected here, and the others known.
    block: FirmwareCheck,
    /// The file being (or last) checked.
    file: Option<F>,
    phase: Phase,
    /// Ticked "Also compute" algorithms.
    extras: Vec<Algorithm>,
    /// The pasted hash, as typed.
    pasted: String,
    list: Option<NamedList>,
    /// The checksum list being read, and its name.
    reading: Option<(ReadId, String)>,
    /// An image dropped with its checksum list, hashed once the list is read.
    waiting: Option<F>,
    /// Job and read ids handed out so far.
    issued: u64,
}

impl<F: GivenFile> Checker<F> {
    /// An idle checker that knows the images of `block`.
    pub fn new(block: FirmwareCheck) -> Self {
        Checker {
            block,
            file: None,
            phase: Phase::Idle,
            extras: vec![],
            pasted: String::new(),
            list: None,
            reading: None,
            waiting: None,
            issued: 0,
        }
    }

    /// Where the check stands.
    pub fn phase(&self) -> &Phase {
        &self.phase
    }

    /// The name of the file being (or last) checked.
    pub fn file_name(&self) -> Option<&str> {
        self.file.as_ref().map(F::name)
    }

    /// The pasted hash, as typed.
    pub fn pasted(&self) -> &str {
        &self.pasted
    }

    /// The ticked "Also compute" algorithms.
    pub fn extras(&self) -> &[Algorithm] {
        &self.extras
    }

    /// The checksum list the user added.
    pub fn list(&self) -> Option<&NamedList> {
        self.list.as_ref()
    }

    /// Once the file is hashed: one verdict per thing it can be compared with (the known images,
    /// the pasted hash, the checksum list). Nothing before.
    pub fn verdicts(&self) -> Vec<Verdict> {
        let Phase::Done { computed, .. } = &self.phase else {
            return vec![];
        };
        judge(
            computed,
            self.file_name().unwrap_or_default(),
            &Expectations {
                expected: &self.block.expected,
                others: &self.block.others,
                pasted: &self.pasted,
                list: self.list.as_ref().map(|l| &l.list),
            },
        )
    }

    /// Applies `event`; returns what the browser must do for it, in order.
    pub fn handle(&mut self, event: Event<F>) -> Vec<Effect<F>> {
        match event {
            Event::Picked(files) => self.pick(files),
            Event::Dropped(files) => self.dropped(files),
            Event::ListPicked(files) => files.into_iter().next().map(|f| self.load_list(f)).unwrap_or_default(),
            Event::ListRead { read, text } => self.list_read(read, text),
            Event::Worker(job, report) => self.worker(job, report),
            Event::Cancel => self.cancel(),
            Event::HashAgain(extra) => self.start(extra),
            Event::Pasted(text) => {
                self.pasted = text;
                vec![]
            }
            Event::Extra(algorithm, on) => {
                self.extras.retain(|a| *a != algorithm);
                if on {
                    self.extras.push(algorithm);
                }
                vec![]
            }
        }
    }

    /// Checks the first of `files`, if any (an image still waiting for its list gives way).
    fn pick(&mut self, files: Vec<F>) -> Vec<Effect<F>> {
        let Some(file) = files.into_iter().next() else {
            return vec![];
        };
        self.waiting = None;
        self.file = Some(file);
        self.start(vec![])
    }

    /// Hashes the file with every algorithm wanted and `extra`, stopping any worker still running.
    fn start(&mut self, extra: Vec<Algorithm>) -> Vec<Effect<F>> {
        let Some(file) = self.file.clone() else {
            return vec![];
        };
        let mut effects: Vec<Effect<F>> = self.stop().into_iter().collect();
        let job = JobId(self.issue());
        self.phase = Phase::Hashing {
            job,
            done: 0.0,
            total: file.size() as f64,
            elapsed_ms: 0.0,
        };
        effects.push(Effect::StartHash {
            job,
            file,
            algorithms: self.algorithms(extra),
        });
        effects
    }

    /// What stops the worker hashing now, if any; the caller moves the phase on.
    fn stop(&mut self) -> Option<Effect<F>> {
        match self.phase {
            Phase::Hashing { job, .. } => Some(Effect::StopWorker(job)),
            _ => None,
        }
    }

    /// A new job or read id.
    fn issue(&mut self) -> u64 {
        self.issued += 1;
        self.issued
    }

    /// SHA-256, what the known images, the pasted hash and the checksum list need, the ticked
    /// extras and `extra`: all computed in one pass.
    fn algorithms(&self, extra: Vec<Algorithm>) -> Vec<Algorithm> {
        let mut out = algorithms_for(&[&self.block.expected[..], &self.block.others[..]].concat());
        out.extend(&self.extras);
        out.extend(parse_hash(&self.pasted).map(|d| d.algorithm));
        out.extend(self.list.iter().flat_map(|l| l.list.algorithms()));
        out.extend(extra);
        out.sort();
        out.dedup();
        out
    }

    /// Users drop the image and its `SHA256SUMS` together: the list is told apart by its name.
    fn dropped(&mut self, files: Vec<F>) -> Vec<Effect<F>> {
        let (lists, images): (Vec<F>, Vec<F>) = files
            .into_iter()
            .partition(|f| looks_like_checksum_list(f.name(), f.size()));
        let Some(list) = lists.into_iter().next() else {
            return self.pick(images);
        };
        if let Some(image) = images.into_iter().next() {
            self.waiting = Some(image);
        }
        self.load_list(list)
    }

    /// Reads `file` as a checksum list, unless it is too big to be one.
    fn load_list(&mut self, file: F) -> Vec<Effect<F>> {
        if file.size() > MAX_CHECKSUM_LIST_BYTES {
            self.reading = None;
            let problem = "the file is over 4 MB: this does not look like a checksum list".to_string();
            return self.list_loaded(file.name().to_string(), unreadable(problem));
        }
        let read = ReadId(self.issue());
        self.reading = Some((read, file.name().to_string()));
        vec![Effect::ReadList { read, file }]
    }

    /// Keeps the list just read, if it is the latest one asked for.
    fn list_read(&mut self, read: ReadId, text: Result<String, String>) -> Vec<Effect<F>> {
        let Some((_, name)) = self.reading.take_if(|(current, _)| *current == read) else {
            // An earlier list, replaced by the one being read now.
            return vec![];
        };
        let list = match text {
            Ok(text) => parse_checksum_file(&text),
            Err(message) => unreadable(message),
        };
        self.list_loaded(name, list)
    }

    /// Keeps the list; an image dropped with it is hashed now.
    fn list_loaded(&mut self, name: String, list: ChecksumList) -> Vec<Effect<F>> {
        self.list = Some(NamedList { name, list });
        match self.waiting.take() {
            Some(image) => self.pick(vec![image]),
            None => vec![],
        }
    }

    /// A report from worker `job`, if it is the one hashing now.
    fn worker(&mut self, job: JobId, report: HashEvent) -> Vec<Effect<F>> {
        if !matches!(self.phase, Phase::Hashing { job: current, .. } if current == job) {
            // A worker stopped or replaced: what it still says is stale.
            return vec![];
        }
        match report {
            HashEvent::Progress {
                done,
                total,
                elapsed_ms,
            } => {
                self.phase = Phase::Hashing {
                    job,
                    done,
                    total,
                    elapsed_ms,
                };
                vec![]
            }
            HashEvent::Done {
                digests,
                total,
                elapsed_ms,
            } => {
                self.phase = Phase::Done {
                    computed: Computed(digests),
                    total,
                    elapsed_ms,
                };
                vec![Effect::StopWorker(job)]
            }
            HashEvent::Failed(message) => {
                self.phase = Phase::Failed(message);
                vec![Effect::StopWorker(job)]
            }
        }
    }

    /// Stops the check under way, if any.
    fn cancel(&mut self) -> Vec<Effect<F>> {
        let stop = self.stop();
        if stop.is_some() {
            self.phase = Phase::Cancelled;
        }
        stop.into_iter().collect()
    }
}

/// A list of which nothing could be read, and why.
fn unreadable(problem: String) -> ChecksumList {
    ChecksumList {
        entries: vec![],
        problems: vec![(1, problem)],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::firmware::fixtures::{d, image, ABC256, ABC_MD5};
    use crate::firmware::VerdictKind;
    use Algorithm::{Md5, Sha1, Sha256, Sha512};

    /// A file as the tests give it: a name and a size.
    #[derive(Clone, Debug, PartialEq)]
    struct F(&'static str, u64);

    impl GivenFile for F {
        fn name(&self) -> &str {
            self.0
        }
        fn size(&self) -> u64 {
            self.1
        }
    }

    const FW: F = F("g2-revA.bin", 1000);

    /// A checker expecting rev A (SHA-256 `ABC256`) that knows rev B too.
    fn checker() -> Checker<F> {
        Checker::new(FirmwareCheck {
            expected: vec![image("g2-revA.bin", "rev A", vec![d(Sha256, ABC256)])],
            others: vec![image("g2-revB.bin", "rev B", vec![d(Sha256, &"0".repeat(64))])],
        })
    }

    /// The job and algorithms of the one `StartHash` among `effects`, checking it is for `file`.
    fn started(effects: &[Effect<F>], file: &F) -> (JobId, Vec<Algorithm>) {
        let starts: Vec<_> = effects
            .iter()
            .filter_map(|e| match e {
                Effect::StartHash {
                    job,
                    file: f,
                    algorithms,
                } => {
                    assert_eq!(f, file);
                    Some((*job, algorithms.clone()))
                }
                _ => None,
            })
            .collect();
        assert_eq!(starts.len(), 1, "{effects:?}");
        starts[0].clone()
    }

    /// The read asked for among `effects`, checking it is for `file`.
    fn read_of(effects: &[Effect<F>], file: &F) -> ReadId {
        match effects {
            [Effect::ReadList { read, file: f }] => {
                assert_eq!(f, file);
                *read
            }
            other => panic!("expected one read: {other:?}"),
        }
    }

    fn progress(done: f64, total: f64, elapsed_ms: f64) -> HashEvent {
        HashEvent::Progress {
            done,
            total,
            elapsed_ms,
        }
    }

    fn finished(digests: Vec<Digest>) -> HashEvent {
        HashEvent::Done {
            digests,
            total: 1000.0,
            elapsed_ms: 50.0,
        }
    }

    /// Picks `FW` and returns its job.
    fn hashing(c: &mut Checker<F>) -> JobId {
        started(&c.handle(Event::Picked(vec![FW])), &FW).0
    }

    /// Picks `FW` and finishes hashing it with SHA-256 `hex`.
    fn hashed(c: &mut Checker<F>, hex: &str) {
        let job = hashing(c);
        assert_eq!(
            c.handle(Event::Worker(job, finished(vec![d(Sha256, hex)]))),
            vec![Effect::StopWorker(job)]
        );
    }

    fn kinds(c: &Checker<F>) -> Vec<(&'static str, VerdictKind)> {
        c.verdicts().into_iter().map(|v| (v.against, v.kind)).collect()
    }

    #[test]
    fn a_new_checker_is_idle_with_nothing_to_judge() {
        let c = checker();
        assert_eq!(c.phase(), &Phase::Idle);
        assert_eq!(c.file_name(), None);
        assert_eq!((c.pasted(), c.extras(), c.list()), ("", &[][..], None));
        assert!(c.verdicts().is_empty());
    }

    #[test]
    fn a_picked_file_is_hashed_from_zero() {
        let mut c = checker();
        let effects = c.handle(Event::Picked(vec![FW, F("second.bin", 5)]));
        let (job, algorithms) = started(&effects, &FW);
        assert_eq!(effects.len(), 1, "nothing to stop: {effects:?}");
        assert_eq!(algorithms, vec![Sha256]);
        assert_eq!(c.file_name(), Some("g2-revA.bin"), "the first of several files");
        assert_eq!(
            c.phase(),
            &Phase::Hashing {
                job,
                done: 0.0,
                total: 1000.0,
                elapsed_ms: 0.0
            }
        );
        assert!(c.verdicts().is_empty(), "nothing to judge while hashing");
    }

    #[test]
    fn picking_no_file_changes_nothing() {
        let mut c = checker();
        assert_eq!(c.handle(Event::Picked(vec![])), vec![]);
        assert_eq!(c.phase(), &Phase::Idle);
        hashed(&mut c, ABC256);
        let before = c.phase().clone();
        assert_eq!(c.handle(Event::Picked(vec![])), vec![]);
        assert_eq!(c.phase(), &before, "a cancelled file dialog keeps the result");
    }

    #[test]
    fn progress_moves_the_bar() {
        let mut c = checker();
        let job = hashing(&mut c);
        assert_eq!(c.handle(Event::Worker(job, progress(300.0, 1000.0, 20.0))), vec![]);
        assert_eq!(
            c.phase(),
            &Phase::Hashing {
                job,
                done: 300.0,
                total: 1000.0,
                elapsed_ms: 20.0
            }
        );
    }

    #[test]
    fn a_finished_hash_stops_its_worker_and_is_judged() {
        let mut c = checker();
        let job = hashing(&mut c);
        let effects = c.handle(Event::Worker(job, finished(vec![d(Sha256, ABC256)])));
        assert_eq!(effects, vec![Effect::StopWorker(job)]);
        assert_eq!(
            c.phase(),
            &Phase::Done {
                computed: Computed(vec![d(Sha256, ABC256)]),
                total: 1000.0,
                elapsed_ms: 50.0
            }
        );
        assert_eq!(kinds(&c), vec![("Known images", VerdictKind::Match)]);
        // Its worker says nothing more that counts.
        assert_eq!(c.handle(Event::Worker(job, progress(1.0, 1000.0, 1.0))), vec![]);
        assert!(matches!(c.phase(), Phase::Done { .. }));
    }

    #[test]
    fn the_image_for_other_hardware_is_judged_as_such() {
        let mut c = checker();
        hashed(&mut c, &"0".repeat(64));
        assert_eq!(kinds(&c), vec![("Known images", VerdictKind::WrongImage)]);
    }

    #[test]
    fn a_worker_error_fails_the_check_and_stops_the_worker() {
        let mut c = checker();
        let job = hashing(&mut c);
        let effects = c.handle(Event::Worker(job, HashEvent::Failed("the file ended early".into())));
        assert_eq!(effects, vec![Effect::StopWorker(job)]);
        assert_eq!(c.phase(), &Phase::Failed("the file ended early".into()));
        assert!(c.verdicts().is_empty());
        // Reported again (the worker's error handler after its message): still one failure.
        assert_eq!(c.handle(Event::Worker(job, HashEvent::Failed("again".into()))), vec![]);
        assert_eq!(c.phase(), &Phase::Failed("the file ended early".into()));
        // The same file can be tried again.
        let (again, _) = started(&c.handle(Event::HashAgain(vec![])), &FW);
        assert_ne!(again, job);
    }

    #[test]
    fn cancel_stops_the_worker_and_its_late_reports_are_ignored() {
        let mut c = checker();
        let job = hashing(&mut c);
        c.handle(Event::Worker(job, progress(100.0, 1000.0, 10.0)));
        assert_eq!(c.handle(Event::Cancel), vec![Effect::StopWorker(job)]);
        assert_eq!(c.phase(), &Phase::Cancelled);
        // Messages the worker posted before it was stopped still arrive.
        assert_eq!(c.handle(Event::Worker(job, progress(200.0, 1000.0, 20.0))), vec![]);
        assert_eq!(c.handle(Event::Worker(job, finished(vec![d(Sha256, ABC256)]))), vec![]);
        assert_eq!(
            c.handle(Event::Worker(job, HashEvent::Failed("stopped".into()))),
            vec![]
        );
        assert_eq!(c.phase(), &Phase::Cancelled);
        assert!(c.verdicts().is_empty());
    }

    #[test]
    fn cancel_does_nothing_unless_hashing() {
        let mut c = checker();
        assert_eq!(c.handle(Event::Cancel), vec![]);
        assert_eq!(c.phase(), &Phase::Idle);
        hashed(&mut c, ABC256);
        assert_eq!(c.handle(Event::Cancel), vec![]);
        assert!(matches!(c.phase(), Phase::Done { .. }), "{:?}", c.phase());
    }

    #[test]
    fn a_cancelled_check_starts_again_with_a_new_worker() {
        let mut c = checker();
        let job = hashing(&mut c);
        c.handle(Event::Cancel);
        let effects = c.handle(Event::HashAgain(vec![]));
        assert_eq!(effects.len(), 1, "nothing left to stop: {effects:?}");
        let (again, _) = started(&effects, &FW);
        assert_ne!(again, job);
        assert!(matches!(c.phase(), Phase::Hashing { job, done: 0.0, .. } if *job == again));
    }

    #[test]
    fn picking_another_file_while_hashing_stops_the_first_worker() {
        let mut c = checker();
        let first = hashing(&mut c);
        let other = F("other.bin", 77);
        let effects = c.handle(Event::Picked(vec![other.clone()]));
        assert_eq!(effects[0], Effect::StopWorker(first), "stopped before the next starts");
        let (second, _) = started(&effects, &other);
        assert_ne!(second, first);
        assert_eq!(c.file_name(), Some("other.bin"));
        // The first worker's reports no longer count; the second's do.
        c.handle(Event::Worker(first, progress(900.0, 1000.0, 90.0)));
        c.handle(Event::Worker(first, finished(vec![d(Sha256, ABC256)])));
        assert_eq!(
            c.phase(),
            &Phase::Hashing {
                job: second,
                done: 0.0,
                total: 77.0,
                elapsed_ms: 0.0
            }
        );
        assert_eq!(c.handle(Event::Worker(first, HashEvent::Failed("x".into()))), vec![]);
        c.handle(Event::Worker(second, finished(vec![d(Sha256, &"1".repeat(64))])));
        assert_eq!(kinds(&c), vec![("Known images", VerdictKind::Mismatch)]);
    }

    #[test]
    fn hash_again_adds_the_missing_algorithm_and_needs_a_file() {
        let mut c = checker();
        assert_eq!(c.handle(Event::HashAgain(vec![Md5])), vec![], "no file yet");
        assert_eq!(c.phase(), &Phase::Idle);
        hashed(&mut c, ABC256);
        c.handle(Event::Pasted(ABC_MD5.to_string()));
        let v = c.verdicts();
        assert_eq!(v[1].missing, vec![Md5], "{v:?}");
        let (_, algorithms) = started(&c.handle(Event::HashAgain(v[1].missing.clone())), &FW);
        assert_eq!(algorithms, vec![Sha256, Md5]);
    }

    #[test]
    fn every_algorithm_needed_is_computed_in_one_pass() {
        let md5_only = image("old.bin", "rev 0", vec![d(Md5, ABC_MD5)]);
        let mut c = Checker::new(FirmwareCheck {
            expected: vec![],
            others: vec![md5_only],
        });
        c.handle(Event::Extra(Sha512, true));
        c.handle(Event::Pasted(format!("sha1: {}", "a".repeat(40))));
        let list = F("SHA256SUMS", 100);
        let read = read_of(&c.handle(Event::ListPicked(vec![list.clone()])), &list);
        c.handle(Event::ListRead {
            read,
            text: Ok(format!("{ABC256}  a.bin\n")),
        });
        let (_, algorithms) = started(&c.handle(Event::Picked(vec![FW])), &FW);
        assert_eq!(algorithms, vec![Sha256, Sha512, Sha1, Md5], "sorted, once each");
        // A pasted hash that cannot be read adds nothing.
        c.handle(Event::Pasted("not a hash".into()));
        c.handle(Event::Extra(Sha512, false));
        let (_, algorithms) = started(&c.handle(Event::HashAgain(vec![])), &FW);
        assert_eq!(algorithms, vec![Sha256, Md5]);
    }

    #[test]
    fn extras_are_ticked_and_unticked_without_rehashing() {
        let mut c = checker();
        assert_eq!(c.handle(Event::Extra(Md5, true)), vec![]);
        assert_eq!(c.handle(Event::Extra(Sha1, true)), vec![]);
        assert_eq!(c.handle(Event::Extra(Md5, true)), vec![], "ticked twice, kept once");
        assert_eq!(c.extras(), &[Sha1, Md5]);
        assert_eq!(c.handle(Event::Extra(Sha1, false)), vec![]);
        assert_eq!(c.extras(), &[Md5]);
        assert_eq!(c.phase(), &Phase::Idle);
    }

    #[test]
    fn editing_the_pasted_hash_judges_again_without_rehashing() {
        let mut c = checker();
        hashed(&mut c, ABC256);
        let mut wrong = ABC256.to_string();
        wrong.replace_range(0..1, "c");
        assert_eq!(c.handle(Event::Pasted(wrong.clone())), vec![]);
        assert_eq!(c.pasted(), wrong);
        assert_eq!(
            kinds(&c),
            vec![
                ("Known images", VerdictKind::Match),
                ("Pasted hash", VerdictKind::Mismatch)
            ]
        );
        c.handle(Event::Pasted(format!("SHA256: {}", ABC256.to_uppercase())));
        assert_eq!(
            kinds(&c),
            vec![
                ("Known images", VerdictKind::Match),
                ("Pasted hash", VerdictKind::Match)
            ]
        );
        c.handle(Event::Pasted("  ".into()));
        assert_eq!(kinds(&c), vec![("Known images", VerdictKind::Match)]);
        assert!(matches!(c.phase(), Phase::Done { .. }));
    }

    #[test]
    fn a_dropped_image_is_checked_like_a_picked_one() {
        let mut c = checker();
        let (job, _) = started(&c.handle(Event::Dropped(vec![FW])), &FW);
        assert!(matches!(c.phase(), Phase::Hashing { job: j, .. } if *j == job));
        assert_eq!(c.handle(Event::Dropped(vec![])), vec![], "a drop of no files");
    }

    #[test]
    fn an_image_dropped_with_its_checksum_file_is_hashed_once_the_list_is_read() {
        let mut c = checker();
        let list = F("MD5SUMS", 60);
        // The list first or last: it is told apart by its name.
        let read = read_of(&c.handle(Event::Dropped(vec![list.clone(), FW])), &list);
        assert_eq!(c.phase(), &Phase::Idle, "not hashed before the list is known");
        let effects = c.handle(Event::ListRead {
            read,
            text: Ok(format!("{ABC_MD5}  g2-revA.bin\n")),
        });
        let (job, algorithms) = started(&effects, &FW);
        assert_eq!(algorithms, vec![Sha256, Md5], "the list's MD5 in the same pass");
        assert_eq!(c.list().map(|l| l.name.as_str()), Some("MD5SUMS"));
        c.handle(Event::Worker(job, finished(vec![d(Sha256, ABC256), d(Md5, ABC_MD5)])));
        assert_eq!(
            kinds(&c),
            vec![
                ("Known images", VerdictKind::Match),
                ("Checksum file", VerdictKind::Match)
            ]
        );
        assert!(
            c.verdicts().iter().all(|v| v.missing.is_empty()),
            "no second pass needed"
        );
        // Read once: a repeated answer does not start another hash.
        assert_eq!(
            c.handle(Event::ListRead {
                read,
                text: Ok(String::new())
            }),
            vec![]
        );
    }

    #[test]
    fn an_image_dropped_with_a_list_that_cannot_be_read_is_still_hashed() {
        let mut c = checker();
        let list = F("fw.bin.sha256", 60);
        let read = read_of(&c.handle(Event::Dropped(vec![FW, list.clone()])), &list);
        let effects = c.handle(Event::ListRead {
            read,
            text: Err("the file could not be read as text".into()),
        });
        started(&effects, &FW);
        let l = c.list().expect("the list, with its problem");
        assert_eq!(
            l.list.problems,
            vec![(1, "the file could not be read as text".to_string())]
        );
    }

    #[test]
    fn a_dropped_list_alone_is_read_and_judged_without_rehashing() {
        let mut c = checker();
        hashed(&mut c, ABC256);
        let list = F("SHA256SUMS", 80);
        let read = read_of(&c.handle(Event::Dropped(vec![list.clone()])), &list);
        let effects = c.handle(Event::ListRead {
            read,
            text: Ok(format!("{ABC256}  ./fw/g2-revA.bin\nbroken line\n")),
        });
        assert_eq!(effects, vec![]);
        assert!(matches!(c.phase(), Phase::Done { .. }));
        assert_eq!(c.list().map(|l| l.list.problems.len()), Some(1));
        assert_eq!(
            kinds(&c),
            vec![
                ("Known images", VerdictKind::Match),
                ("Checksum file", VerdictKind::Match)
            ]
        );
    }

    #[test]
    fn a_list_that_needs_another_algorithm_offers_a_second_pass() {
        let mut c = checker();
        hashed(&mut c, ABC256);
        let list = F("camera.md5", 80);
        let read = read_of(&c.handle(Event::ListPicked(vec![list.clone()])), &list);
        c.handle(Event::ListRead {
            read,
            text: Ok(format!("MD5 (g2-revA.bin) = {}\n", "0".repeat(32))),
        });
        let v = c.verdicts();
        assert_eq!((v[1].against, v[1].missing.clone()), ("Checksum file", vec![Md5]));
        let (job, algorithms) = started(&c.handle(Event::HashAgain(vec![Md5])), &FW);
        assert_eq!(algorithms, vec![Sha256, Md5], "the list's algorithm is wanted anyway");
        c.handle(Event::Worker(job, finished(vec![d(Sha256, ABC256), d(Md5, ABC_MD5)])));
        assert_eq!(kinds(&c)[1], ("Checksum file", VerdictKind::Mismatch));
    }

    #[test]
    fn a_list_over_4_mb_is_refused_without_reading_it() {
        let mut c = checker();
        let huge = F("SHA256SUMS", MAX_CHECKSUM_LIST_BYTES + 1);
        assert_eq!(c.handle(Event::ListPicked(vec![huge])), vec![]);
        let l = c.list().expect("a list with its problem");
        assert_eq!(l.name, "SHA256SUMS");
        assert!(l.list.entries.is_empty());
        assert!(l.list.problems[0].1.contains("over 4 MB"), "{:?}", l.list.problems);
        // Dropped, a file that big is taken for the image, not for a list.
        let effects = c.handle(Event::Dropped(vec![F("SHA256SUMS", MAX_CHECKSUM_LIST_BYTES + 1)]));
        started(&effects, &F("SHA256SUMS", MAX_CHECKSUM_LIST_BYTES + 1));
        assert_eq!(c.handle(Event::ListPicked(vec![])), vec![], "no file chosen");
    }

    #[test]
    fn only_the_latest_list_read_counts() {
        let mut c = checker();
        let first = F("SHA256SUMS", 80);
        let second = F("MD5SUMS", 80);
        let r1 = read_of(&c.handle(Event::ListPicked(vec![first.clone()])), &first);
        let r2 = read_of(&c.handle(Event::ListPicked(vec![second.clone()])), &second);
        assert_ne!(r1, r2);
        // The first read finishes last, or first: either way it is not kept.
        assert_eq!(
            c.handle(Event::ListRead {
                read: r1,
                text: Ok(format!("{ABC256}  a.bin\n"))
            }),
            vec![]
        );
        assert_eq!(c.list(), None);
        c.handle(Event::ListRead {
            read: r2,
            text: Ok(format!("{ABC_MD5}  a.bin\n")),
        });
        assert_eq!(
            c.list().map(|l| (l.name.as_str(), l.list.algorithms())),
            Some(("MD5SUMS", vec![Md5]))
        );
    }

    #[test]
    fn an_image_waiting_for_its_list_gives_way_to_a_file_picked_meanwhile() {
        let mut c = checker();
        let list = F("SHA256SUMS", 80);
        let read = read_of(
            &c.handle(Event::Dropped(vec![list, F("dropped.bin", 5)])),
            &F("SHA256SUMS", 80),
        );
        let (job, _) = started(&c.handle(Event::Picked(vec![FW])), &FW);
        let effects = c.handle(Event::ListRead {
            read,
            text: Ok(format!("{ABC256}  g2-revA.bin\n")),
        });
        assert_eq!(effects, vec![], "the dropped image is not hashed over the picked one");
        assert!(matches!(c.phase(), Phase::Hashing { job: j, .. } if *j == job));
        assert_eq!(c.file_name(), Some("g2-revA.bin"));
    }

    #[test]
    fn a_newer_list_dropped_alone_keeps_the_image_waiting() {
        let mut c = checker();
        let (a, b) = (F("SHA256SUMS", 80), F("MD5SUMS", 60));
        let stale = read_of(&c.handle(Event::Dropped(vec![a.clone(), FW])), &a);
        let read = read_of(&c.handle(Event::Dropped(vec![b.clone()])), &b);
        assert_eq!(c.handle(Event::Dropped(vec![])), vec![], "a drop of no files");
        assert_eq!(
            c.handle(Event::Picked(vec![])),
            vec![],
            "a file dialog closed without a file"
        );
        assert_eq!(
            c.handle(Event::ListRead {
                read: stale,
                text: Ok(String::new())
            }),
            vec![]
        );
        let effects = c.handle(Event::ListRead {
            read,
            text: Ok(format!("{ABC_MD5}  g2-revA.bin\n")),
        });
        assert_eq!(
            started(&effects, &FW).1,
            vec![Sha256, Md5],
            "hashed with the newer list's needs"
        );
    }

    #[test]
    fn jobs_and_reads_are_never_reused() {
        let mut c = checker();
        let mut jobs = vec![];
        for _ in 0..3 {
            jobs.push(hashing(&mut c));
            c.handle(Event::Cancel);
        }
        assert!(
            jobs[0] != jobs[1] && jobs[1] != jobs[2] && jobs[0] != jobs[2],
            "{jobs:?}"
        );
    }
}
