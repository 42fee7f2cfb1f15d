//! Reading the store page by page and handing each row to a sink.

use std::collections::VecDeque;

use annals_core::Event;
use annals_store::{DocSummary, Store};

use crate::error::ExportError;
use crate::layout::Layout;
use crate::sink::RowSink;
use crate::tables::{document_row, event_csv_row, event_row, mention_row, Row};
use crate::{Entity, ExportOptions, Format};

/// Rows read from the store per query: large enough that paging costs little, small
/// enough that a page is a few megabytes.
pub const PAGE_SIZE: usize = 2000;

/// Counts rows and stops at the limit.
struct Counter {
    rows: u64,
    limit: Option<u64>,
}

impl Counter {
    fn full(&self) -> bool {
        self.limit.is_some_and(|l| self.rows >= l)
    }

    fn write(&mut self, sink: &mut dyn RowSink, row: &Row) -> Result<(), ExportError> {
        sink.write_row(&row.values, row.month.as_deref())?;
        self.rows += 1;
        Ok(())
    }
}

/// Stream the rows `opts` selects into `sink`; the number written.
pub fn stream(
    store: &dyn Store,
    opts: &ExportOptions,
    sink: &mut dyn RowSink,
) -> Result<u64, ExportError> {
    let mut n = Counter {
        rows: 0,
        limit: opts.limit,
    };
    match opts.entity {
        Entity::Events => events(store, opts, sink, &mut n)?,
        Entity::Documents => {
            let mut docs = DocPages::new(store);
            while let Some(d) = docs.next()? {
                if n.full() {
                    break;
                }
                n.write(sink, &document_row(&d))?;
            }
        }
        Entity::Mentions => mentions(store, opts, sink, &mut n)?,
    }
    Ok(n.rows)
}

fn events(
    store: &dyn Store,
    opts: &ExportOptions,
    sink: &mut dyn RowSink,
    n: &mut Counter,
) -> Result<(), ExportError> {
    let layout = match opts.format {
        Format::Gdelt => Some(Layout::gdelt()?),
        Format::Polecat => Some(Layout::polecat()?),
        _ => None,
    };
    let mut docs = layout
        .as_ref()
        .filter(|l| l.needs_documents())
        .map(|_| DocPages::new(store));
    let to_row = |e: &Event, docs: Option<&mut DocPages>| -> Result<Row, ExportError> {
        Ok(match (&layout, opts.format) {
            (Some(l), _) => {
                let doc = match docs {
                    Some(d) => d.find(&e.doc_id)?,
                    None => None,
                };
                Row {
                    values: l
                        .cells(e, doc)
                        .into_iter()
                        .map(|c| {
                            if c.is_empty() {
                                crate::Value::Null
                            } else {
                                crate::Value::Str(c)
                            }
                        })
                        .collect(),
                    month: None,
                }
            }
            (None, Format::Csv | Format::Tsv) => event_csv_row(e),
            (None, _) => event_row(e),
        })
    };
    let mut q = opts.query.clone();
    q.limit = Some(PAGE_SIZE);
    q.after = None;
    loop {
        let page = store.events_page(&q)?;
        for e in &page.events {
            if n.full() {
                return Ok(());
            }
            if opts.min_confidence.is_some_and(|min| e.confidence < min) {
                continue;
            }
            let row = to_row(e, docs.as_mut())?;
            n.write(sink, &row)?;
        }
        match page.next {
            Some(next) => q.after = Some(next),
            None => return Ok(()),
        }
    }
}

fn mentions(
    store: &dyn Store,
    opts: &ExportOptions,
    sink: &mut dyn RowSink,
    n: &mut Counter,
) -> Result<(), ExportError> {
    if let Some(id) = opts.query.doc_id.as_deref() {
        for m in store.mentions(Some(id), None)? {
            if n.full() {
                break;
            }
            n.write(sink, &mention_row(&m))?;
        }
        return Ok(());
    }
    let mut docs = DocPages::new(store);
    while let Some(d) = docs.next()? {
        for m in store.mentions(Some(&d.id), None)? {
            if n.full() {
                return Ok(());
            }
            n.write(sink, &mention_row(&m))?;
        }
    }
    Ok(())
}

/// The document listing read a page at a time, in ingest order.
struct DocPages<'a> {
    store: &'a dyn Store,
    page: VecDeque<DocSummary>,
    offset: usize,
    done: bool,
    /// The document [`find`](DocPages::find) returned last.
    current: Option<DocSummary>,
    /// The id `find` last failed on, so its further events cost no second walk.
    missed: Option<String>,
}

impl<'a> DocPages<'a> {
    fn new(store: &'a dyn Store) -> DocPages<'a> {
        DocPages {
            store,
            page: VecDeque::new(),
            offset: 0,
            done: false,
            current: None,
            missed: None,
        }
    }

    fn next(&mut self) -> Result<Option<DocSummary>, ExportError> {
        if self.page.is_empty() && !self.done {
            let page = self.store.list_documents(Some(PAGE_SIZE), self.offset)?;
            self.offset += page.len();
            self.done = page.len() < PAGE_SIZE;
            self.page = page.into();
        }
        Ok(self.page.pop_front())
    }

    /// The document `id`, found by walking the listing forward: events come in document
    /// ingest order, so one pass over the listing serves a whole export. A document the
    /// walk does not find (stored after the export started) ends the walk; it restarts
    /// from the beginning for the next event.
    fn find(&mut self, id: &str) -> Result<Option<&DocSummary>, ExportError> {
        if self.current.as_ref().is_some_and(|d| d.id == id) {
            return Ok(self.current.as_ref());
        }
        if self.missed.as_deref() == Some(id) {
            return Ok(None);
        }
        while let Some(d) = self.next()? {
            if d.id == id {
                self.current = Some(d);
                return Ok(self.current.as_ref());
            }
        }
        *self = DocPages::new(self.store);
        self.missed = Some(id.to_owned());
        Ok(None)
    }
}
