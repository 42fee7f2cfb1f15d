//! A small pool of store connections, used from blocking threads.
//!
//! SQLite connections are `Send` but not `Sync`: each request borrows a connection of its
//! own on a `spawn_blocking` thread and gives it back afterwards. Opening a connection
//! costs a file open and a schema check, so idle ones are kept (up to the concurrency
//! limit). A semaphore caps how many store calls run at once, so a burst of requests queues
//! in the async runtime instead of filling the blocking thread pool.

use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::Semaphore;

use crate::read::{ReadError, ReadStore, StoreOpener};

/// Connections to one store, shared by all handlers.
pub struct StorePool {
    opener: Box<dyn StoreOpener>,
    idle: Mutex<Vec<Box<dyn ReadStore>>>,
    permits: Arc<Semaphore>,
    max_idle: usize,
}

impl StorePool {
    /// A pool running at most `concurrency` store calls at once (at least one).
    pub fn new(opener: Box<dyn StoreOpener>, concurrency: usize) -> StorePool {
        let concurrency = concurrency.max(1);
        StorePool {
            opener,
            idle: Mutex::new(Vec::new()),
            permits: Arc::new(Semaphore::new(concurrency)),
            max_idle: concurrency,
        }
    }

    /// How the database is named in logs.
    pub fn describe(&self) -> String {
        self.opener.describe()
    }

    /// Run `f` with a connection on a blocking thread and return its result.
    pub async fn run<T, F>(self: &Arc<Self>, f: F) -> Result<T, ReadError>
    where
        T: Send + 'static,
        F: FnOnce(&dyn ReadStore) -> Result<T, ReadError> + Send + 'static,
    {
        let permit = Arc::clone(&self.permits)
            .acquire_owned()
            .await
            .map_err(|_| ReadError::Backend("the server is shutting down".into()))?;
        let pool = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let store = pool.take()?;
            let result = f(store.as_ref());
            pool.give_back(store);
            result
        })
        .await
        .map_err(|e| ReadError::Backend(format!("store task failed: {e}")))?
    }

    /// An idle connection, or a new one.
    fn take(&self) -> Result<Box<dyn ReadStore>, ReadError> {
        let idle = self
            .idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop();
        match idle {
            Some(store) => Ok(store),
            None => self.opener.open(),
        }
    }

    fn give_back(&self, store: Box<dyn ReadStore>) {
        let mut idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner);
        if idle.len() < self.max_idle {
            idle.push(store);
        }
    }
}

impl Drop for StorePool {
    /// Close the idle connections off the async runtime.
    ///
    /// The last reference to the pool is usually the router's, dropped when the server
    /// stops — on a runtime worker thread. A PostgreSQL connection (the blocking
    /// `postgres::Client`) owns a small runtime of its own, and tokio panics when a runtime
    /// is dropped inside another's async context ("Cannot drop a runtime in a context where
    /// blocking is not allowed"): `bench serve` on PostgreSQL ended in that panic. Here the
    /// connections are dropped on a plain thread instead, which the pool waits for.
    fn drop(&mut self) {
        let idle = std::mem::take(self.idle.get_mut().unwrap_or_else(PoisonError::into_inner));
        if idle.is_empty() || tokio::runtime::Handle::try_current().is_err() {
            return;
        }
        let closing = std::thread::spawn(move || drop(idle));
        if closing.join().is_err() {
            tracing::error!("closing the store connections panicked");
        }
    }
}
