//! State that belongs to the process, not to a client: the rate limiter and the access token
//! of each API key live here, so a client made per unit of work (a web handler, a task) that
//! goes out of scope does not take the key's budget or token with it (docs/behaviour.md,
//! "Rate limit").
//!
//! After `fork()` the child must start with empty state and must never wait on a lock that a
//! thread of the parent held at the fork (that thread does not exist in the child). So each
//! process gets its own table, found without taking any lock: tables live in a fixed array of
//! `OnceLock` slots, one per generation of `fork()`, and a process whose id differs from the
//! current slot's claims the next slot by compare-and-swap. A table of a parent process is
//! never touched again by the child.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

/// How many generations of `fork()` (a child of a child of ...) get shared state; deeper ones
/// still work, each client with state of its own.
const GENERATIONS: usize = 64;

/// Entries kept per table before idle ones (held by no client) are dropped, oldest first.
const KEPT: usize = 32;

/// A map from keys to shared values, one per process.
pub(crate) struct PerProcess<K, V> {
    current: AtomicUsize,
    tables: [OnceLock<Table<K, V>>; GENERATIONS],
}

struct Table<K, V> {
    pid: u32,
    /// Most recently used last.
    entries: Mutex<Vec<(K, Arc<V>)>>,
}

impl<K: PartialEq, V> PerProcess<K, V> {
    /// An empty map (for a `static`).
    pub(crate) const fn new() -> Self {
        PerProcess { current: AtomicUsize::new(0), tables: [const { OnceLock::new() }; GENERATIONS] }
    }

    /// The value for `key` in this process, made by `make` the first time.
    pub(crate) fn get_or_insert_with(&self, key: K, make: impl FnOnce() -> V) -> Arc<V> {
        let Some(table) = self.table() else { return Arc::new(make()) };
        let mut entries = table.entries.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(index) = entries.iter().position(|(k, _)| *k == key) {
            let entry = entries.remove(index);
            let value = entry.1.clone();
            entries.push(entry);
            return value;
        }
        if entries.len() >= KEPT {
            if let Some(idle) = entries.iter().position(|(_, value)| Arc::strong_count(value) == 1) {
                entries.remove(idle);
            }
        }
        let value = Arc::new(make());
        entries.push((key, value.clone()));
        value
    }

    /// This process's table: the current slot if it was made by this process, else a new one.
    fn table(&self) -> Option<&Table<K, V>> {
        let pid = std::process::id();
        loop {
            let index = self.current.load(Ordering::Acquire);
            // `get` never blocks: a slot that a parent's thread was still filling at the fork
            // reads as empty and is skipped like any other table not of this process.
            if let Some(table) = self.tables.get(index)?.get().filter(|table| table.pid == pid) {
                return Some(table);
            }
            let next = index + 1;
            if next >= GENERATIONS {
                return None;
            }
            if self.current.compare_exchange(index, next, Ordering::AcqRel, Ordering::Acquire).is_ok() {
                // This thread claimed the slot, so no other thread of this process waits on it.
                return Some(self.tables[next].get_or_init(|| Table { pid, entries: Mutex::new(Vec::new()) }));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_value_per_key_kept_after_its_users_are_gone() {
        let map: PerProcess<&str, u32> = PerProcess::new();
        let first = map.get_or_insert_with("a", || 1);
        drop(first);
        assert_eq!(*map.get_or_insert_with("a", || 2), 1, "the value outlives every holder");
        assert_eq!(*map.get_or_insert_with("b", || 3), 3);
    }

    #[test]
    fn memory_is_bounded_by_evicting_idle_entries() {
        let map: PerProcess<usize, usize> = PerProcess::new();
        let held = map.get_or_insert_with(0, || 0);
        for key in 1..200 {
            map.get_or_insert_with(key, || key);
        }
        let table = map.table().unwrap();
        assert!(table.entries.lock().unwrap().len() <= KEPT);
        assert!(Arc::ptr_eq(&held, &map.get_or_insert_with(0, || 99)), "an entry in use is never dropped");
    }

    #[test]
    fn a_table_of_another_process_is_never_used() {
        let map: PerProcess<&str, u32> = PerProcess::new();
        map.get_or_insert_with("a", || 1);
        // What a child sees after fork(): the current table belongs to another pid, and its
        // lock is held by a thread that does not exist.
        let index = map.current.load(Ordering::Acquire);
        let parents = map.tables[index].get().unwrap();
        let _held_by_a_vanished_thread = parents.entries.lock().unwrap();
        let forked: PerProcess<&str, u32> = PerProcess::new();
        forked.current.store(1, Ordering::Release);
        let _ =
            forked.tables[1].set(Table { pid: std::process::id().wrapping_add(1), entries: Mutex::new(Vec::new()) });
        let _parent_lock = forked.tables[1].get().unwrap().entries.lock().unwrap();
        assert_eq!(*forked.get_or_insert_with("a", || 7), 7, "fresh state, no wait on the parent's lock");
        assert_eq!(forked.current.load(Ordering::Acquire), 2);
    }
}
