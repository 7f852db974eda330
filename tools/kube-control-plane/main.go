// Command kube-control-plane runs a whole Kubernetes control plane on loopback
// for tests and the demo, as one process tree: etcd, kube-apiserver,
// kube-controller-manager, kube-scheduler and kwok (the Kubernetes SIG's
// kubelet simulator) managing one Node. See README.md.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

const (
	defaultAdminToken  = "kratix-backstage-admin-token"
	defaultReaderToken = "kratix-backstage-reader-token"
	nodeName           = "kwok-node-0"
)

type options struct {
	dataDir        string
	binDir         string
	stagesDir      string
	crdsDir        string
	securePort     int
	watchCache     bool
	adminToken     string
	readerToken    string
	exitWithParent bool
	startTimeout   time.Duration
	apiserverArgs  []string
}

// readyLine is printed (one JSON line on stdout) once the control plane can
// run Pods: the API server is ready and the kwok Node is Ready, untainted.
type readyLine struct {
	Ready            bool   `json:"ready"`
	URL              string `json:"url"`
	Port             int    `json:"port"`
	DataDir          string `json:"dataDir"`
	AdminKubeconfig  string `json:"adminKubeconfig"`
	ReaderKubeconfig string `json:"readerKubeconfig"`
	CAFile           string `json:"caFile"`
	AdminToken       string `json:"adminToken"`
	ReaderToken      string `json:"readerToken"`
	EtcdURL          string `json:"etcdUrl"`
	EtcdPrefix       string `json:"etcdPrefix"`
	NodeName         string `json:"nodeName"`
	KubeletPort      int    `json:"kubeletPort"`
	PID              int    `json:"pid"`
}

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintf(os.Stderr, "kube-control-plane: %v\n", err)
		os.Exit(1)
	}
}

func parseFlags(args []string) (*options, error) {
	var passthrough []string
	for i, a := range args {
		if a == "--" {
			args, passthrough = args[:i], args[i+1:]
			break
		}
	}
	self, _ := os.Executable()
	o := &options{apiserverArgs: passthrough}
	fs := flag.NewFlagSet("kube-control-plane", flag.ContinueOnError)
	fs.StringVar(&o.dataDir, "data-dir", "", "Directory for etcd data, certificates, kubeconfigs and component logs (required). Reusing it keeps the data.")
	fs.StringVar(&o.binDir, "bin-dir", filepath.Dir(self), "Directory holding etcd, kube-apiserver, kube-controller-manager, kube-scheduler and kwok.")
	fs.StringVar(&o.stagesDir, "stages-dir", filepath.Join(filepath.Dir(self), "stages"), "Directory of kwok Stage YAML files (every *.yaml in it).")
	fs.StringVar(&o.crdsDir, "crds-dir", filepath.Join(filepath.Dir(self), "crds"), "Directory of the CRDs of kwok's Logs and ClusterLogs (every *.yaml in it).")
	fs.IntVar(&o.securePort, "secure-port", 0, "HTTPS port of the API server; 0 picks a free port.")
	fs.BoolVar(&o.watchCache, "watch-cache", true, "The API server's watch cache; false sends every list and watch to etcd (expired continue tokens give 410).")
	fs.StringVar(&o.adminToken, "admin-token", defaultAdminToken, "Bearer token of user \"admin\" (group system:masters).")
	fs.StringVar(&o.readerToken, "reader-token", defaultReaderToken, "Bearer token of user \"reader\" (bound by RBAC to get, list and watch everything).")
	fs.BoolVar(&o.exitWithParent, "exit-with-parent", false, "Shut down when the parent process dies (Linux only).")
	fs.DurationVar(&o.startTimeout, "start-timeout", 2*time.Minute, "How long to wait for the control plane to be ready.")
	fs.Usage = func() {
		fmt.Fprintf(os.Stderr, "Usage: kube-control-plane --data-dir DIR [flags] [-- kube-apiserver flags]\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments %q (kube-apiserver flags go after --)", fs.Args())
	}
	if o.dataDir == "" {
		fs.Usage()
		return nil, errors.New("--data-dir is required")
	}
	if o.adminToken == "" || o.readerToken == "" || o.adminToken == o.readerToken ||
		strings.ContainsAny(o.adminToken+o.readerToken, ",\"\n") {
		return nil, errors.New("--admin-token and --reader-token must be non-empty, different, and free of commas, quotes and newlines")
	}
	return o, nil
}

func run(args []string) error {
	o, err := parseFlags(args)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	dataDir, err := filepath.Abs(o.dataDir)
	if err != nil {
		return err
	}
	o.dataDir = dataDir
	for _, dir := range []string{dataDir, filepath.Join(dataDir, "logs")} {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return err
		}
	}
	if err := lockDataDir(dataDir); err != nil {
		return err
	}
	if o.exitWithParent {
		if err := exitWithParent(); err != nil {
			return err
		}
	}

	// SIGINT/SIGTERM: stop every component in order; a second signal exits at once.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM)
	go func() {
		<-sigs
		cancel()
		<-sigs
		os.Exit(1)
	}()

	cp, err := prepare(o)
	if err != nil {
		return err
	}
	defer cp.stopAll()

	startCtx, cancelStart := context.WithTimeout(ctx, o.startTimeout)
	defer cancelStart()
	if err := cp.start(startCtx); err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return fmt.Errorf("%w (component logs in %s)", err, filepath.Join(dataDir, "logs"))
	}
	line, _ := json.Marshal(readyLine{
		Ready: true, URL: cp.serverURL, Port: cp.apiserverPort, DataDir: dataDir,
		AdminKubeconfig: cp.files.adminKubeconfig, ReaderKubeconfig: cp.files.readerKubeconfig,
		CAFile: cp.files.caFile, AdminToken: o.adminToken, ReaderToken: o.readerToken,
		EtcdURL: cp.etcdURL, EtcdPrefix: "/registry", NodeName: nodeName, KubeletPort: cp.kubeletPort,
		PID: os.Getpid(),
	})
	fmt.Fprintln(os.Stdout, string(line))

	select {
	case <-ctx.Done():
		return nil
	case exited := <-cp.exited:
		return fmt.Errorf("%s exited unexpectedly: %v (see %s)", exited.name, exited.err, exited.logFile)
	}
}
