package app

import (
	"context"
	"sync"
	"testing"
	"time"

	"biokiosk/flow"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A Close that gives up waiting for a running capture leaves nothing
// behind that takes the devices later: once the capture lets go, they
// are free (Close used to leave a goroutine blocked on the lock, which
// took it as soon as the capture released it and kept it for ever).
func TestCloseThatGivesUpLeavesTheDevicesFree(t *testing.T) {
	a := New(Settings{})
	a.closeWait = 50 * time.Millisecond
	require.NoError(t, a.lockDevices(t.Context(), time.Second), "a capture holds the devices")
	a.Close()
	a.devices.release() // the capture ends
	time.Sleep(100 * time.Millisecond)
	require.True(t, a.devices.try(), "the devices are free once the capture let go")
	a.devices.release()
}

// Close waits for a running capture and then keeps the devices: nothing
// captures on the models it freed.
func TestCloseWaitsForTheCaptureAndKeepsTheDevices(t *testing.T) {
	a := New(Settings{})
	require.NoError(t, a.lockDevices(t.Context(), time.Second))
	closed := make(chan struct{})
	go func() { a.Close(); close(closed) }()
	select {
	case <-closed:
		t.Fatal("Close did not wait for the capture")
	case <-time.After(50 * time.Millisecond):
	}
	a.devices.release()
	<-closed
	assert.False(t, a.devices.try(), "Close keeps the devices")
}

// One holder at a time: a second caller waits for the first and gets
// DEVICE_BUSY when its wait runs out; a cancelled caller gets its
// context's error.
func TestDevicesOneHolderAtATime(t *testing.T) {
	a := New(Settings{})
	var mu sync.Mutex
	holders, most := 0, 0
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if !assert.NoError(t, a.lockDevices(t.Context(), 5*time.Second)) {
				return
			}
			mu.Lock()
			holders++
			most = max(most, holders)
			mu.Unlock()
			time.Sleep(10 * time.Millisecond)
			mu.Lock()
			holders--
			mu.Unlock()
			a.devices.release()
		}()
	}
	wg.Wait()
	assert.Equal(t, 1, most)

	require.NoError(t, a.lockDevices(t.Context(), time.Second))
	err := a.lockDevices(t.Context(), 20*time.Millisecond)
	var fe *flow.Error
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, flow.CodeDeviceBusy, fe.Code)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	assert.ErrorIs(t, a.lockDevices(ctx, time.Second), context.Canceled)
	a.devices.release()
}

// Releasing a free gate is a caller's bug: it panics at once rather than
// blocking that goroutine for ever.
func TestDeviceGateReleaseOfFreeGatePanics(t *testing.T) {
	g := newDeviceGate()
	assert.Panics(t, g.release)
	require.True(t, g.try())
	assert.NotPanics(t, g.release)
	assert.Panics(t, g.release, "released twice")
}
