package main

import (
	"fmt"

	"google.golang.org/grpc/grpclog"
	"k8s.io/klog/v2"
)

// quietGRPCLogger routes gRPC (etcd client) logs to klog like the apiserver
// does, but demotes its warnings (reconnect chatter) to --v=2.
type quietGRPCLogger struct{}

func (quietGRPCLogger) Info(args ...any)                 { klog.V(5).Info(args...) }
func (quietGRPCLogger) Infoln(args ...any)               { klog.V(5).Info(fmt.Sprintln(args...)) }
func (quietGRPCLogger) Infof(format string, args ...any) { klog.V(5).Infof(format, args...) }
func (quietGRPCLogger) Warning(args ...any)              { klog.V(2).Info(args...) }
func (quietGRPCLogger) Warningln(args ...any)            { klog.V(2).Info(fmt.Sprintln(args...)) }
func (quietGRPCLogger) Warningf(format string, args ...any) {
	klog.V(2).Infof(format, args...)
}
func (quietGRPCLogger) Error(args ...any)                 { klog.Error(args...) }
func (quietGRPCLogger) Errorln(args ...any)               { klog.Error(fmt.Sprintln(args...)) }
func (quietGRPCLogger) Errorf(format string, args ...any) { klog.Errorf(format, args...) }
func (quietGRPCLogger) Fatal(args ...any)                 { klog.Fatal(args...) }
func (quietGRPCLogger) Fatalln(args ...any)               { klog.Fatal(fmt.Sprintln(args...)) }
func (quietGRPCLogger) Fatalf(format string, args ...any) { klog.Fatalf(format, args...) }
func (quietGRPCLogger) V(l int) bool                      { return klog.V(klog.Level(l)).Enabled() }

func init() { grpclog.SetLoggerV2(quietGRPCLogger{}) }
