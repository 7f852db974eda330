package main

import (
	"runtime/debug"
	"strings"

	apimachineryversion "k8s.io/apimachinery/pkg/version"
	basecompatibility "k8s.io/component-base/compatibility"
)

// serverVersion returns the Kubernetes version matching the linked
// k8s.io/apiextensions-apiserver module (v0.36.6 -> v1.36.6), or fallback.
func serverVersion(fallback string) string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == "k8s.io/apiextensions-apiserver" && strings.HasPrefix(d.Version, "v0.") {
				return "v1." + strings.TrimPrefix(d.Version, "v0.")
			}
		}
	}
	return fallback
}

// versionInfo makes /version report a parseable gitVersion when the binary
// was built without Kubernetes' -X version ldflags ("v0.0.0-master+$Format").
// kubectl version and some clients fail to parse the placeholder.
type versionInfo struct {
	basecompatibility.EffectiveVersion
	gitVersion string
}

func (v versionInfo) Info() *apimachineryversion.Info {
	info := v.EffectiveVersion.Info()
	if info != nil && (info.GitVersion == "" || strings.Contains(info.GitVersion, "$Format")) {
		info.GitVersion = v.gitVersion
		info.GitCommit = ""
		info.GitTreeState = ""
	}
	return info
}
