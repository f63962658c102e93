package app

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"biokiosk/logging"
	"biokiosk/records"
)

// EnvStateDir overrides where biokiosk keeps its state (the instance id,
// the audit spool): default <config dir>/biokiosk, beside the settings.
const EnvStateDir = "BIOKIOSK_STATE_DIR"

// instanceFile holds the install's instance id (and the machine it was
// made on), mode 0600.
const instanceFile = "instance-id"

// StateDir is where the App keeps its state: Settings.StateDir, else
// $BIOKIOSK_STATE_DIR, else <config dir>/biokiosk.
func (a *App) StateDir() (string, error) {
	if a.set.StateDir != "" {
		return a.set.StateDir, nil
	}
	if d := os.Getenv(EnvStateDir); d != "" {
		return d, nil
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("state: locate config dir: %w", err)
	}
	return filepath.Join(dir, "biokiosk"), nil
}

// InstanceID is the install's random instance id: made once, on first
// use, and kept in the state dir. It names this kiosk's processes in
// clean-up ownership (records.Holder), the audit log and /metrics, where
// the host name cannot (kiosks cloned from one image share it). A state
// dir copied to another machine (a cloned disk) is noticed by its
// machine id, and that machine makes an id of its own.
func (a *App) InstanceID() (string, error) {
	a.instOnce.Do(func() {
		dir, err := a.StateDir()
		if err != nil {
			a.instErr = err
			return
		}
		a.instance, a.instErr = loadInstanceID(dir, machineID())
		if a.instErr == nil {
			a.metrics.instance(a.instance)
		}
	})
	return a.instance, a.instErr
}

// loadInstanceID reads the instance id in dir, or makes it (0600) when
// there is none yet or it was made on another machine.
func loadInstanceID(dir, machine string) (string, error) {
	path := filepath.Join(dir, instanceFile)
	b, err := os.ReadFile(path)
	switch {
	case err == nil:
		if id, ok := ownID(b, machine); ok {
			return id, nil
		}
	case !errors.Is(err, fs.ErrNotExist):
		return "", fmt.Errorf("instance id: %w", err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("instance id: %w", err)
	}
	var r [16]byte
	if _, err := rand.Read(r[:]); err != nil {
		return "", fmt.Errorf("instance id: %w", err)
	}
	id, err := writeInstanceID(dir, path, hex.EncodeToString(r[:]), machine)
	if err != nil {
		return "", fmt.Errorf("instance id: %w", err)
	}
	return id, nil
}

// ownID is the id an instance file holds, when it is valid and was made
// on this machine (or either machine is unknown).
func ownID(b []byte, machine string) (string, bool) {
	f := strings.Fields(string(b))
	if len(f) >= 1 && validID(f[0]) && (len(f) < 2 || machine == "" || f[1] == machine) {
		return f[0], true
	}
	return "", false
}

// writeInstanceID writes id to path (0600), aside first and then linked
// into place: two processes starting at once end with one file, and the
// second reads the first's id back and returns it. A file of another
// machine (or a broken one) is replaced.
func writeInstanceID(dir, path, id, machine string) (string, error) {
	tmp, err := writeTemp(dir, instanceFile+".*", fmt.Sprintf("%s %s\n", id, machine))
	if err != nil {
		return "", err
	}
	defer os.Remove(tmp)
	err = os.Link(tmp, path)
	if !errors.Is(err, fs.ErrExist) {
		return id, err
	}
	if prev, perr := os.ReadFile(path); perr == nil {
		if first, ok := ownID(prev, machine); ok {
			return first, nil // another process made it first
		}
	}
	if err := os.Rename(tmp, path); err != nil {
		return "", err
	}
	return id, nil
}

// writeTemp writes text to a new 0600 file in dir, synced, and returns
// its name.
func writeTemp(dir, pattern, text string) (string, error) {
	tmp, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return "", err
	}
	_, err = tmp.WriteString(text)
	if err == nil {
		err = tmp.Chmod(0o600)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp.Name())
		return "", err
	}
	return tmp.Name(), nil
}

func validID(s string) bool {
	if len(s) != 32 {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil
}

// machineID is a digest of /etc/machine-id (systemd's: regenerated on a
// cloned image by systemd-firstboot or cloud-init), or "".
func machineID() string {
	b, err := os.ReadFile("/etc/machine-id")
	if err != nil || len(strings.TrimSpace(string(b))) == 0 {
		return ""
	}
	h := sha256.Sum256([]byte("biokiosk " + strings.TrimSpace(string(b))))
	return hex.EncodeToString(h[:8])
}

// holder is this process's name in reservations, journal entries and
// its lease (records.Holder on the instance id).
func (a *App) holder() (string, error) {
	id, err := a.InstanceID()
	if err != nil {
		return "", err
	}
	return records.Holder(id), nil
}

// startLease takes this process's lease in the records before its first
// registration and renews it every records.HeartbeatEvery until Close,
// which ends it: another kiosk releases what this one holds only once
// the lease has run out (records.LeaseTTL) or ended.
func (a *App) startLease(ctx context.Context, store *records.Store) error {
	h, err := a.holder()
	if err != nil {
		return err
	}
	a.leaseMu.Lock()
	defer a.leaseMu.Unlock()
	if a.leaseStop != nil {
		return nil
	}
	if err := store.Heartbeat(ctx, h, a.instance, a.kioskID); err != nil {
		return err
	}
	stop := make(chan struct{})
	done := make(chan struct{})
	a.leaseStop, a.leaseDone = stop, done
	go a.keepLease(store, h, stop, done)
	return nil
}

// keepLease renews the lease every heartbeat (forwarding the audit
// spool when the log is back) and, every sweep period, cleans up after
// kiosks that died, until stop; then it ends the lease and closes done.
func (a *App) keepLease(store *records.Store, h string, stop <-chan struct{}, done chan<- struct{}) {
	defer close(done)
	every, sweepEvery := a.heartbeatEvery, a.sweepEvery
	if every == 0 {
		every = records.HeartbeatEvery
	}
	if sweepEvery == 0 {
		sweepEvery = records.LeaseTTL
	}
	t := time.NewTicker(every)
	defer t.Stop()
	lastSweep := time.Now()
	for {
		select {
		case <-stop:
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			if err := store.EndLease(ctx, h); err != nil {
				a.log.Warn("lease not ended: another kiosk releases what this one held after records.LeaseTTL", logging.Err, err)
			}
			return
		case <-t.C:
			a.heartbeat(store, h)
			if time.Since(lastSweep) >= sweepEvery {
				lastSweep = time.Now()
				a.sweepDead()
			}
		}
	}
}

// heartbeat renews the lease and, when the audit log answers again,
// sends what was spooled meanwhile.
func (a *App) heartbeat(store *records.Store, h string) {
	ctx, cancel := context.WithTimeout(context.Background(), records.HeartbeatEvery)
	defer cancel()
	if err := store.Heartbeat(ctx, h, a.instance, a.kioskID); err != nil {
		a.log.Warn("lease heartbeat", logging.Err, err)
	} else if sent, _, err := a.ForwardAudit(ctx); err == nil && sent > 0 {
		a.log.Info("audit log is back: spooled sessions sent", "sessions", sent)
	}
}

// sweepDead deletes what kiosks that died left (their leases ran out):
// the kiosks still running do it, not only a kiosk that starts.
func (a *App) sweepDead() {
	ctx, cancel := context.WithTimeout(context.Background(), sweepTimeout)
	defer cancel()
	if rep, err := a.Sweep(ctx); err != nil {
		a.log.Warn("clean-up of unfinished registrations", logging.Err, err)
	} else if rep.Deleted+rep.Released > 0 {
		a.log.Info("clean-up of unfinished registrations: "+rep.String(), "deleted", rep.Deleted, "released", rep.Released, "pending", rep.Pending)
	}
}

// stopLease ends the lease (Close).
func (a *App) stopLease() {
	a.leaseMu.Lock()
	stop, done := a.leaseStop, a.leaseDone
	a.leaseStop = nil
	a.leaseMu.Unlock()
	if stop != nil {
		close(stop)
		<-done
	}
}
