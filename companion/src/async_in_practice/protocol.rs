//! The sync core of chapter 8's servers (sans-IO): a line protocol for a key–value store,
//! as a state machine that takes bytes and returns replies. It does no I/O, so it is tested
//! directly; the thread-per-connection server and the tokio server only move bytes.
//!
//! Commands, one per line: `GET key`, `SET key value`, `DEL key`.

// ANCHOR: types
use std::collections::HashMap;

/// The longest line a client may send, newline excluded. A longer line is refused and
/// skipped, so a connection's buffer never holds more than this.
pub const MAX_LINE: usize = 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    Value(String),
    NotFound,
    Stored,
    Deleted,
    Error(ProtocolError),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProtocolError {
    /// Line `line` (counting from 1) is longer than `limit` bytes; it was skipped.
    LineTooLong {
        line: usize,
        limit: usize,
    },
    /// Line `line` is not valid UTF-8.
    NotUtf8 {
        line: usize,
    },
    UnknownCommand {
        line: usize,
        command: String,
    },
    MissingArgument {
        line: usize,
        command: &'static str,
    },
    /// The client went away in the middle of a line.
    IncompleteLine {
        bytes: usize,
    },
}

#[derive(Debug, Default)]
pub struct Store {
    values: HashMap<String, String>,
}
// ANCHOR_END: types

// ANCHOR: session
/// One connection's state: the bytes of the line so far, and how many lines it has seen.
#[derive(Debug, Default)]
pub struct Session {
    partial: Vec<u8>,
    lines: usize,
    /// Inside a line that was too long: skip up to its newline.
    skipping: bool,
}

impl Session {
    /// Takes whatever bytes arrived (any number of lines, or part of one) and returns a
    /// reply for every line they complete.
    pub fn feed(&mut self, bytes: &[u8], store: &mut Store) -> Vec<Reply> {
        let mut replies = Vec::new();
        for &byte in bytes {
            if byte == b'\n' {
                self.lines += 1;
                if self.skipping {
                    self.skipping = false;
                } else {
                    let line = std::mem::take(&mut self.partial);
                    replies.push(self.execute(&line, store));
                }
                self.partial.clear();
            } else if !self.skipping {
                if self.partial.len() == MAX_LINE {
                    // Refuse now, not at the newline that may never come.
                    replies.push(Reply::Error(ProtocolError::LineTooLong {
                        line: self.lines + 1,
                        limit: MAX_LINE,
                    }));
                    self.partial.clear();
                    self.skipping = true;
                } else {
                    self.partial.push(byte);
                }
            }
        }
        replies
    }

    /// The connection closed: an unfinished line is an error worth reporting.
    pub fn finish(self) -> Option<ProtocolError> {
        (!self.partial.is_empty()).then_some(ProtocolError::IncompleteLine {
            bytes: self.partial.len(),
        })
    }

    fn execute(&self, line: &[u8], store: &mut Store) -> Reply {
        let number = self.lines;
        let Ok(text) = std::str::from_utf8(line) else {
            return Reply::Error(ProtocolError::NotUtf8 { line: number });
        };
        let text = text.strip_suffix('\r').unwrap_or(text);
        let mut words = text.splitn(3, ' ');
        let command = words.next().unwrap_or_default();
        let missing = |command| {
            Reply::Error(ProtocolError::MissingArgument {
                line: number,
                command,
            })
        };
        match command {
            "GET" => match words.next() {
                Some(key) => store
                    .values
                    .get(key)
                    .map_or(Reply::NotFound, |value| Reply::Value(value.clone())),
                None => missing("GET"),
            },
            "SET" => match (words.next(), words.next()) {
                (Some(key), Some(value)) => {
                    store.values.insert(key.to_string(), value.to_string());
                    Reply::Stored
                }
                _ => missing("SET"),
            },
            "DEL" => match words.next() {
                Some(key) => store
                    .values
                    .remove(key)
                    .map_or(Reply::NotFound, |_| Reply::Deleted),
                None => missing("DEL"),
            },
            other => Reply::Error(ProtocolError::UnknownCommand {
                line: number,
                command: other.to_string(),
            }),
        }
    }
}
// ANCHOR_END: session

#[cfg(test)]
mod tests {
    use super::*;

    fn run(input: &[u8]) -> (Vec<Reply>, Option<ProtocolError>) {
        let mut store = Store::default();
        let mut session = Session::default();
        let replies = session.feed(input, &mut store);
        (replies, session.finish())
    }

    #[test]
    fn set_get_del_round_trip() {
        let (replies, end) = run(b"SET colour blue sky\nGET colour\nDEL colour\nGET colour\n");
        assert_eq!(
            replies,
            [
                Reply::Stored,
                Reply::Value("blue sky".into()),
                Reply::Deleted,
                Reply::NotFound
            ]
        );
        assert_eq!(end, None);
    }

    #[test]
    fn a_line_split_across_reads_is_one_command() {
        let mut store = Store::default();
        let mut session = Session::default();
        let mut replies = Vec::new();
        for piece in [&b"SE"[..], b"T k v\r", b"\nGE", b"T k\n"] {
            replies.extend(session.feed(piece, &mut store));
        }
        assert_eq!(replies, [Reply::Stored, Reply::Value("v".into())]);
    }

    #[test]
    fn invalid_utf8_is_an_error_for_that_line_only() {
        let (replies, _) = run(b"SET k v\nGET \xff\xfe\nGET k\n");
        assert_eq!(
            replies,
            [
                Reply::Stored,
                Reply::Error(ProtocolError::NotUtf8 { line: 2 }),
                Reply::Value("v".into())
            ]
        );
    }

    #[test]
    fn an_overlong_line_is_refused_once_and_the_next_line_is_served() {
        let mut input = vec![b'x'; 10 * MAX_LINE];
        input.extend_from_slice(b"\nSET k v\n");
        let (replies, end) = run(&input);
        assert_eq!(
            replies,
            [
                Reply::Error(ProtocolError::LineTooLong {
                    line: 1,
                    limit: MAX_LINE
                }),
                Reply::Stored
            ]
        );
        assert_eq!(end, None);
    }

    #[test]
    fn a_line_without_end_never_holds_more_than_the_limit() {
        let mut store = Store::default();
        let mut session = Session::default();
        for _ in 0..1000 {
            session.feed(&[b'y'; 4096], &mut store);
            assert!(session.partial.len() <= MAX_LINE);
        }
        assert_eq!(
            session.finish(),
            None,
            "the overlong line was already refused"
        );
    }

    #[test]
    fn unknown_commands_and_missing_arguments_name_the_line() {
        let (replies, _) = run(b"PUT k v\nGET\nSET k\n");
        assert_eq!(
            replies,
            [
                Reply::Error(ProtocolError::UnknownCommand {
                    line: 1,
                    command: "PUT".into()
                }),
                Reply::Error(ProtocolError::MissingArgument {
                    line: 2,
                    command: "GET"
                }),
                Reply::Error(ProtocolError::MissingArgument {
                    line: 3,
                    command: "SET"
                }),
            ]
        );
    }

    #[test]
    fn a_client_that_leaves_mid_line_is_reported() {
        let (replies, end) = run(b"SET k v\nGET k");
        assert_eq!(replies, [Reply::Stored]);
        assert_eq!(end, Some(ProtocolError::IncompleteLine { bytes: 5 }));
    }
}
