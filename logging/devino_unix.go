//go:build unix

package logging

import (
	"io/fs"
	"syscall"
)

// devIno is a file's device and inode numbers.
func devIno(st fs.FileInfo) (dev, ino uint64, ok bool) {
	sys, ok := st.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, 0, false
	}
	return uint64(sys.Dev), uint64(sys.Ino), true // Dev and Ino differ in type between platforms
}
