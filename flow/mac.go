package flow

import (
	"errors"
	"net"
)

// PrimaryMAC returns the MAC address of this machine's primary network
// interface: the first (by index) that is up, not loopback, has a 6-byte
// hardware address and an IP address; failing that, the first that is up
// with a hardware address.
func PrimaryMAC() (string, error) {
	ifs, err := net.Interfaces()
	if err != nil {
		return "", err
	}
	return pickMAC(ifs, func(i net.Interface) bool {
		addrs, err := i.Addrs()
		return err == nil && len(addrs) > 0
	})
}

func pickMAC(ifs []net.Interface, hasAddr func(net.Interface) bool) (string, error) {
	var fallback string
	for _, i := range ifs {
		if i.Flags&net.FlagUp == 0 || i.Flags&net.FlagLoopback != 0 || len(i.HardwareAddr) != 6 {
			continue
		}
		if hasAddr(i) {
			return i.HardwareAddr.String(), nil
		}
		if fallback == "" {
			fallback = i.HardwareAddr.String()
		}
	}
	if fallback != "" {
		return fallback, nil
	}
	return "", errors.New("flow: no network interface with a MAC address is up")
}
