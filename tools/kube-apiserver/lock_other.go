//go:build !unix

package main

func lockDataDir(dir string) error { return nil }
