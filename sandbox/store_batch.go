package sandbox

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
)

// maxBatch bounds how many small writes one grouped transaction holds.
const maxBatch = 128

// batcher groups the small per-request writes of concurrent requests
// (the request counter, the request log) into one transaction, so that
// 50 clients cost one synced commit per batch rather than two per
// request. Each write still returns only once its batch is committed.
type batcher struct {
	db   *sql.DB
	ops  chan batchOp
	stop chan struct{}
	wg   sync.WaitGroup
	once sync.Once
}

// batchOp is one write; its result is sent on done.
type batchOp struct {
	fn   func(*sql.Tx) error
	done chan error
}

func newBatcher(db *sql.DB) *batcher {
	b := &batcher{db: db, ops: make(chan batchOp), stop: make(chan struct{})}
	b.wg.Add(1)
	go b.run()
	return b
}

// do runs fn in the next grouped transaction and waits for its commit.
func (b *batcher) do(ctx context.Context, fn func(*sql.Tx) error) error {
	op := batchOp{fn: fn, done: make(chan error, 1)}
	select {
	case b.ops <- op:
	case <-b.stop:
		return fmt.Errorf("sandbox: store closed")
	case <-ctx.Done():
		return ctx.Err()
	}
	return <-op.done // the batch runs without ctx: once queued, it commits
}

func (b *batcher) run() {
	defer b.wg.Done()
	for {
		var batch []batchOp
		select {
		case op := <-b.ops:
			batch = append(batch, op)
		case <-b.stop:
			return
		}
	more:
		for len(batch) < maxBatch {
			select {
			case op := <-b.ops:
				batch = append(batch, op)
			default:
				break more
			}
		}
		b.commit(batch)
	}
}

// commit runs a batch in one transaction: an op's own error is its
// alone (SQLite undoes just that statement), a failed commit everyone's.
func (b *batcher) commit(batch []batchOp) {
	errs := make([]error, len(batch))
	tx, err := b.db.BeginTx(context.Background(), nil)
	if err == nil {
		for i, op := range batch {
			errs[i] = op.fn(tx)
		}
		err = tx.Commit()
	}
	for i, op := range batch {
		if err != nil {
			errs[i] = err
		}
		op.done <- errs[i]
	}
}

// close stops the batcher once its current batch is committed.
func (b *batcher) close() {
	b.once.Do(func() { close(b.stop) })
	b.wg.Wait()
}
