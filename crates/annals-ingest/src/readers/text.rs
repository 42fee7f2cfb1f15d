//! `.txt` and `.md`: one document per file.

use std::io::Read;

use annals_core::InputRecord;

use super::Ctx;
use crate::{IngestError, ReadItem};

/// Read the whole stream as one document, reading at most one byte past the size limit.
pub(super) fn read<R: Read>(reader: R, ctx: &Ctx, sink: &mut dyn FnMut(ReadItem)) {
    let mut bytes = Vec::new();
    if let Err(e) = reader
        .take(ctx.max.saturating_add(1))
        .read_to_end(&mut bytes)
    {
        return sink(ReadItem::Error(ctx.io_error(e)));
    }
    if bytes.len() as u64 > ctx.max {
        return sink(ReadItem::Error(IngestError::TooLarge {
            at: ctx.at(None),
            limit: ctx.max,
        }));
    }
    let text = ctx.decode(bytes, None, sink);
    let record = InputRecord {
        text,
        ..Default::default()
    };
    ctx.deliver(None, record, sink);
}
