//! Cancel safety in a `select!` loop. A reader of fixed-size records also ticks a
//! heartbeat: with `read_exact` in the `select!`, every heartbeat that comes while a record
//! is half-read throws the half away; with a buffer that outlives the loop, nothing is lost.

// ANCHOR: sender
use std::io;
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

/// Every record is exactly this many bytes long.
pub const RECORD_LEN: usize = 8;

/// Writes each record in two halves, with `pause` between the halves: a slow network.
/// Drops `output` at the end, which the reader sees as the end of its input.
pub async fn send_in_halves(
    mut output: impl AsyncWrite + Unpin,
    records: &[&str],
    pause: Duration,
) -> io::Result<()> {
    for record in records {
        let (front, back) = record.as_bytes().split_at(RECORD_LEN / 2);
        output.write_all(front).await?;
        tokio::time::sleep(pause).await;
        output.write_all(back).await?;
    }
    Ok(())
}

/// What a reader got: the records, in order, and how many heartbeats it ticked meanwhile.
#[derive(Debug, PartialEq, Eq)]
pub struct Received {
    pub records: Vec<String>,
    pub heartbeats: u32,
}
// ANCHOR_END: sender

// ANCHOR: with_read_exact
/// Reads records until the input ends, ticking a heartbeat every `heartbeat`.
/// Loses data: `read_exact` is not cancel-safe.
pub async fn read_records_with_read_exact(
    mut input: impl AsyncRead + Unpin,
    heartbeat: Duration,
) -> io::Result<Received> {
    let mut received = Received {
        records: Vec::new(),
        heartbeats: 0,
    };
    let mut ticks = tokio::time::interval(heartbeat);
    ticks.tick().await; // an interval's first tick is immediate
    loop {
        // A new buffer, and a new `read_exact` future, on every turn of the loop.
        let mut record = [0; RECORD_LEN];
        tokio::select! {
            read = input.read_exact(&mut record) => match read {
                Ok(_) => received.records.push(String::from_utf8_lossy(&record).into()),
                // The usual way to stop at the end of the input; it also hides a
                // truncated last record, which gives the same error.
                Err(error) if error.kind() == io::ErrorKind::UnexpectedEof => break,
                Err(error) => return Err(error),
            },
            // When this branch wins, the `read_exact` future is dropped, and with it
            // `record`, holding the bytes it has read so far.
            _ = ticks.tick() => received.heartbeats += 1,
        }
    }
    Ok(received)
}
// ANCHOR_END: with_read_exact

// ANCHOR: with_a_buffer
/// The same reader, cancel-safe: the bytes read so far live in `pending`, outside the
/// loop, and `read_buf` either reads into it or, when the heartbeat wins, reads nothing.
pub async fn read_records_with_a_buffer(
    mut input: impl AsyncRead + Unpin,
    heartbeat: Duration,
) -> io::Result<Received> {
    let mut received = Received {
        records: Vec::new(),
        heartbeats: 0,
    };
    let mut pending: Vec<u8> = Vec::with_capacity(2 * RECORD_LEN);
    let mut ticks = tokio::time::interval(heartbeat);
    ticks.tick().await;
    loop {
        tokio::select! {
            read = input.read_buf(&mut pending) => {
                if read? == 0 {
                    // The end of the input: between two records, or inside one.
                    if pending.is_empty() {
                        return Ok(received);
                    }
                    return Err(io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        format!(
                            "the input ended {} bytes into a record of {RECORD_LEN}",
                            pending.len()
                        ),
                    ));
                }
                while pending.len() >= RECORD_LEN {
                    let record: Vec<u8> = pending.drain(..RECORD_LEN).collect();
                    received.records.push(String::from_utf8_lossy(&record).into());
                }
            }
            _ = ticks.tick() => received.heartbeats += 1,
        }
    }
}
// ANCHOR_END: with_a_buffer

// ANCHOR: compare
/// Sends three records in halves (a 100 ms pause in each) to a reader whose heartbeat
/// ticks every 130 ms, on the paused clock, so the run is the same every time.
pub async fn three_records_through(
    reader: impl AsyncFnOnce(tokio::io::DuplexStream, Duration) -> io::Result<Received>,
) -> io::Result<Received> {
    let (writer_end, reader_end) = tokio::io::duplex(64);
    let records = ["record-1", "record-2", "record-3"];
    let sender = send_in_halves(writer_end, &records, Duration::from_millis(100));
    let (sent, received) = tokio::join!(sender, reader(reader_end, Duration::from_millis(130)));
    sent?;
    received
}
// ANCHOR_END: compare

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn read_exact_in_a_select_loses_the_half_read_record() {
        // Writes at 0, 100, 200 and 300 ms; heartbeats at 130 and 260 ms. At 130 the
        // reader holds "reco" (record 2's front half, sent at 100): the heartbeat drops
        // it. At 200 the back half and record 3's front make one garbage record. At 300
        // the input ends 4 bytes into a record, which `read_exact` reports as a plain end.
        let received = three_records_through(read_records_with_read_exact)
            .await
            .unwrap();
        assert_eq!(received.records, ["record-1", "rd-2reco"]);
        assert_eq!(received.heartbeats, 2);
    }

    #[tokio::test(start_paused = true)]
    async fn a_buffer_outside_the_loop_loses_nothing() {
        let received = three_records_through(read_records_with_a_buffer)
            .await
            .unwrap();
        assert_eq!(received.records, ["record-1", "record-2", "record-3"]);
        // The heartbeats did win while records were half-read: the test is not vacuous.
        assert_eq!(received.heartbeats, 2);
    }

    #[tokio::test(start_paused = true)]
    async fn a_truncated_last_record_is_an_error_naming_how_far_it_got() {
        let (mut writer_end, reader_end) = tokio::io::duplex(64);
        writer_end.write_all(b"record-1rec").await.unwrap();
        drop(writer_end);
        let error = read_records_with_a_buffer(reader_end, Duration::from_secs(1))
            .await
            .unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::UnexpectedEof);
        assert_eq!(
            error.to_string(),
            "the input ended 3 bytes into a record of 8"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn without_heartbeats_both_readers_agree() {
        // The heartbeat is what breaks `read_exact`: with one that never comes in time,
        // the two readers give the same records.
        let (writer_end, reader_end) = tokio::io::duplex(64);
        let records = ["record-1", "record-2"];
        let sender = send_in_halves(writer_end, &records, Duration::from_millis(100));
        let reader = read_records_with_read_exact(reader_end, Duration::from_secs(3600));
        let (sent, received) = tokio::join!(sender, reader);
        sent.unwrap();
        assert_eq!(received.unwrap().records, records);
    }
}
