//go:build !linux

package main

import "errors"

func exitWithParent() error {
	return errors.New("--exit-with-parent is only supported on Linux")
}
