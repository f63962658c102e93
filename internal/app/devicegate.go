package app

import "context"

// deviceGate lets one capture at a time use the face models, the camera
// and the microphone. It is a one-slot channel: taking it can wait
// until a context ends, and a wait that gives up leaves nothing behind
// that could take it later.
type deviceGate chan struct{}

func newDeviceGate() deviceGate { return make(deviceGate, 1) }

// acquire takes the devices, waiting for them until ctx ends.
func (g deviceGate) acquire(ctx context.Context) error {
	select {
	case g <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// try takes the devices if they are free.
func (g deviceGate) try() bool {
	select {
	case g <- struct{}{}:
		return true
	default:
		return false
	}
}

// release gives the devices back; only their holder calls it, once. A
// release of a free gate is a bug and panics, as unlocking an unlocked
// mutex does, instead of blocking its caller for ever.
func (g deviceGate) release() {
	select {
	case <-g:
	default:
		panic("app: device gate released while free")
	}
}
