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
		f := strings.Fields(string(b))
		if len(f) >= 1 && validID(f[0]) && (len(f) < 2 || machine == "" || f[1] == machine) {
			return f[0], nil
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
	id := hex.EncodeToString(r[:])
	// Written aside and renamed: two processes starting at once end with
	// one file, and the second reads the first's id back.
	tmp, err := os.CreateTemp(dir, instanceFile+".*")
	if err != nil {
		return "", fmt.Errorf("instance id: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := fmt.Fprintf(tmp, "%s %s\n", id, machine); err != nil {
		tmp.Close()
		return "", fmt.Errorf("instance id: %w", err)
	}
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return "", fmt.Errorf("instance id: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return "", fmt.Errorf("instance id: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return "", fmt.Errorf("instance id: %w", err)
	}
	if err := os.Link(tmp.Name(), path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			if prev, perr := os.ReadFile(path); perr == nil {
				if f := strings.Fields(string(prev)); len(f) >= 1 && validID(f[0]) && (len(f) < 2 || machine == "" || f[1] == machine) {
					return f[0], nil // another process made it first
				}
			}
			// The old file is of another machine (or broken): replace it.
			if err := os.Rename(tmp.Name(), path); err != nil {
				return "", fmt.Errorf("instance id: %w", err)
			}
			return id, nil
		}
		return "", fmt.Errorf("instance id: %w", err)
	}
	return id, nil
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
	every, sweepEvery := a.heartbeatEvery, a.sweepEvery
	if every == 0 {
		every = records.HeartbeatEvery
	}
	if sweepEvery == 0 {
		sweepEvery = records.LeaseTTL
	}
	go func() {
		defer close(done)
		t := time.NewTicker(every)
		defer t.Stop()
		lastSweep := time.Now()
		for {
			select {
			case <-stop:
				ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
				if err := store.EndLease(ctx, h); err != nil {
					a.log.Warn("lease not ended: another kiosk releases what this one held after records.LeaseTTL", logging.Err, err)
				}
				cancel()
				return
			case <-t.C:
				ctx, cancel := context.WithTimeout(context.Background(), records.HeartbeatEvery)
				if err := store.Heartbeat(ctx, h, a.instance, a.kioskID); err != nil {
					a.log.Warn("lease heartbeat", logging.Err, err)
				} else if sent, _, err := a.ForwardAudit(ctx); err == nil && sent > 0 {
					a.log.Info("audit log is back: spooled sessions sent", "sessions", sent)
				}
				cancel()
				if time.Since(lastSweep) >= sweepEvery {
					// What kiosks that died left (their leases ran out) is
					// deleted by the kiosks still running, not only at a start.
					lastSweep = time.Now()
					ctx, cancel := context.WithTimeout(context.Background(), sweepTimeout)
					if rep, err := a.Sweep(ctx); err != nil {
						a.log.Warn("clean-up of unfinished registrations", logging.Err, err)
					} else if rep.Deleted+rep.Released > 0 {
						a.log.Info("clean-up of unfinished registrations: "+rep.String(), "deleted", rep.Deleted, "released", rep.Released, "pending", rep.Pending)
					}
					cancel()
				}
			}
		}
	}()
	return nil
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
