package main

import (
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"go.etcd.io/etcd/server/v3/embed"
	"go.uber.org/zap"
)

// startEtcd starts a single-member etcd with its data in dir, listening on
// a free port of host. It returns the running etcd and its client URL.
//
// etcdLogLevel is the embedded etcd's log level; raise it to fatal before
// Close, which otherwise logs "use of closed network connection" errors.
var etcdLogLevel = zap.NewAtomicLevelAt(zap.ErrorLevel)

func startEtcd(dir, host string, noFsync bool) (e *embed.Etcd, clientURL string, err error) {
	// The client port must be a real one (etcd's own HTTP/JSON gateway dials
	// it), so pick a free port; retry if another process grabs it first.
	for attempt := 0; attempt < 5; attempt++ {
		e, clientURL, err = startEtcdOnce(dir, host, noFsync)
		if err == nil || !strings.Contains(err.Error(), "address already in use") {
			return e, clientURL, err
		}
	}
	return nil, "", err
}

func freePort(host string) (string, error) {
	ln, err := net.Listen("tcp", net.JoinHostPort(host, "0"))
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return strconv.Itoa(ln.Addr().(*net.TCPAddr).Port), nil
}

func startEtcdOnce(dir, host string, noFsync bool) (*embed.Etcd, string, error) {
	port, err := freePort(host)
	if err != nil {
		return nil, "", err
	}
	cfg := embed.NewConfig()
	cfg.Name = "kube-apiserver"
	cfg.Dir = dir
	cfg.Logger = "zap"
	cfg.LogLevel = "error"
	cfg.LogOutputs = []string{"stderr"}
	zc := zap.NewProductionConfig()
	zc.Level = etcdLogLevel
	zc.OutputPaths, zc.ErrorOutputPaths = []string{"stderr"}, []string{"stderr"}
	zc.Sampling = nil
	lg, err := zc.Build()
	if err != nil {
		return nil, "", err
	}
	cfg.ZapLoggerBuilder = embed.NewZapLoggerBuilder(lg.Named("etcd"))
	cfg.UnsafeNoFsync = noFsync
	// Needed by apiserver watches with "RequestWatchProgress" (consistent
	// reads from the watch cache); same as kube-apiserver's etcd in kind.
	cfg.WatchProgressNotifyInterval = 5 * time.Second

	// The peer URL is never dialled by anyone (single member); port 0 keeps
	// it identical across restarts, which etcd stores in its data.
	clientURL := url.URL{Scheme: "http", Host: net.JoinHostPort(host, port)}
	peerURL := url.URL{Scheme: "http", Host: net.JoinHostPort(host, "0")}
	cfg.ListenClientUrls = []url.URL{clientURL}
	cfg.AdvertiseClientUrls = []url.URL{clientURL}
	cfg.ListenPeerUrls = []url.URL{peerURL}
	cfg.AdvertisePeerUrls = []url.URL{peerURL}
	cfg.InitialCluster = cfg.InitialClusterFromName(cfg.Name)
	cfg.ListenMetricsUrls = nil

	e, err := embed.StartEtcd(cfg)
	if err != nil {
		return nil, "", fmt.Errorf("starting embedded etcd: %w", err)
	}
	select {
	case <-e.Server.ReadyNotify():
	case err := <-e.Err():
		e.Close()
		return nil, "", fmt.Errorf("embedded etcd failed: %w", err)
	case <-time.After(60 * time.Second):
		e.Server.Stop()
		e.Close()
		return nil, "", fmt.Errorf("embedded etcd did not become ready within 60s")
	}
	if len(e.Clients) == 0 {
		e.Close()
		return nil, "", fmt.Errorf("embedded etcd has no client listener")
	}
	return e, "http://" + e.Clients[0].Addr().String(), nil
}
