package flow

import (
	"net"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPickMAC(t *testing.T) {
	mac := func(s string) net.HardwareAddr { m, _ := net.ParseMAC(s); return m }
	ifs := []net.Interface{
		{Name: "lo", Flags: net.FlagUp | net.FlagLoopback},
		{Name: "down0", HardwareAddr: mac("00:00:00:00:00:01")},
		{Name: "noip0", Flags: net.FlagUp, HardwareAddr: mac("00:00:00:00:00:02")},
		{Name: "eth0", Flags: net.FlagUp, HardwareAddr: mac("00:0a:95:9d:68:16")},
	}
	withIP := func(i net.Interface) bool { return i.Name == "eth0" }
	got, err := pickMAC(ifs, withIP)
	require.NoError(t, err)
	assert.Equal(t, "00:0a:95:9d:68:16", got)

	got, err = pickMAC(ifs, func(net.Interface) bool { return false })
	require.NoError(t, err)
	assert.Equal(t, "00:00:00:00:00:02", got, "falls back to an up interface without an address")

	_, err = pickMAC(ifs[:2], withIP)
	assert.Error(t, err)
}
