package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

type files struct {
	caFile, caKey, servingCert, servingKey, saKey, saPub string
	tokens                                               string
	adminKubeconfig, readerKubeconfig                    string
	kwokConfig                                           string
}

// controlPlane is one cluster's process tree and what its components share.
type controlPlane struct {
	o             *options
	files         files
	apiserverPort int
	kubeletPort   int
	serverURL     string
	etcdURL       string
	api           *apiClient
	procs         []*component
	exited        chan exitedComponent
}

func prepare(o *options) (*controlPlane, error) {
	d := o.dataDir
	cp := &controlPlane{o: o, exited: make(chan exitedComponent, 8)}
	cp.files = files{
		caFile: filepath.Join(d, "certs", "ca.crt"), caKey: filepath.Join(d, "certs", "ca.key"),
		servingCert: filepath.Join(d, "certs", "serving.crt"), servingKey: filepath.Join(d, "certs", "serving.key"),
		saKey: filepath.Join(d, "certs", "service-account.key"), saPub: filepath.Join(d, "certs", "service-account.pub"),
		tokens:           filepath.Join(d, "tokens.csv"),
		adminKubeconfig:  filepath.Join(d, "admin.kubeconfig"),
		readerKubeconfig: filepath.Join(d, "reader.kubeconfig"),
		kwokConfig:       filepath.Join(d, "kwok.yaml"),
	}
	if err := ensureCerts(cp.files); err != nil {
		return nil, fmt.Errorf("certificates: %w", err)
	}
	for _, bin := range []string{"etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kwok"} {
		if _, err := os.Stat(filepath.Join(o.binDir, bin)); err != nil {
			return nil, fmt.Errorf("component %s not found in --bin-dir %s (build with scripts/kube-control-plane.sh)", bin, o.binDir)
		}
	}

	var err error
	cp.apiserverPort = o.securePort
	if cp.apiserverPort == 0 {
		if cp.apiserverPort, err = freePort(); err != nil {
			return nil, err
		}
	}
	if cp.kubeletPort, err = freePort(); err != nil {
		return nil, err
	}
	cp.serverURL = "https://" + net.JoinHostPort("127.0.0.1", strconv.Itoa(cp.apiserverPort))

	// Static tokens: user, uid, groups (kube-apiserver's --token-auth-file format).
	tokens := fmt.Sprintf("%s,admin,admin,\"system:masters\"\n%s,reader,reader\n", o.adminToken, o.readerToken)
	if err := writeFileAtomic(cp.files.tokens, []byte(tokens), 0o600); err != nil {
		return nil, err
	}
	ca, err := os.ReadFile(cp.files.caFile)
	if err != nil {
		return nil, err
	}
	if err := writeKubeconfig(cp.files.adminKubeconfig, "admin", cp.serverURL, ca, o.adminToken); err != nil {
		return nil, err
	}
	if err := writeKubeconfig(cp.files.readerKubeconfig, "reader", cp.serverURL, ca, o.readerToken); err != nil {
		return nil, err
	}
	if err := writeKwokConfig(cp.files.kwokConfig, o.stagesDir); err != nil {
		return nil, err
	}
	cp.api = newAPIClient(cp.serverURL, ca, o.adminToken)
	return cp, nil
}

// start brings the components up in dependency order and waits until a Pod
// can be scheduled and run.
func (cp *controlPlane) start(ctx context.Context) error {
	f := cp.files
	etcdPort, err := freePort()
	if err != nil {
		return err
	}
	cp.etcdURL = "http://" + net.JoinHostPort("127.0.0.1", strconv.Itoa(etcdPort))
	// A single member never dials its peer URL; a free port keeps it unique.
	peerPort, err := freePort()
	if err != nil {
		return err
	}
	peerURL := "http://" + net.JoinHostPort("127.0.0.1", strconv.Itoa(peerPort))
	if err := cp.spawn("etcd",
		"--name=default",
		"--data-dir="+filepath.Join(cp.o.dataDir, "etcd"),
		"--listen-client-urls="+cp.etcdURL, "--advertise-client-urls="+cp.etcdURL,
		"--listen-peer-urls="+peerURL, "--initial-advertise-peer-urls="+peerURL,
		"--initial-cluster=default="+peerURL,
		"--unsafe-no-fsync", "--log-level=warn",
	); err != nil {
		return err
	}
	if err := waitHTTP(ctx, http.DefaultClient, cp.etcdURL+"/health", "etcd"); err != nil {
		return err
	}

	apiserverArgs := []string{
		"--etcd-servers=" + cp.etcdURL,
		"--bind-address=127.0.0.1", "--advertise-address=127.0.0.1",
		"--secure-port=" + strconv.Itoa(cp.apiserverPort),
		"--cert-dir=" + filepath.Join(cp.o.dataDir, "apiserver"),
		"--tls-cert-file=" + f.servingCert, "--tls-private-key-file=" + f.servingKey,
		"--client-ca-file=" + f.caFile,
		"--token-auth-file=" + f.tokens,
		"--authorization-mode=Node,RBAC",
		"--service-account-issuer=https://kubernetes.default.svc.cluster.local",
		"--service-account-key-file=" + f.saPub,
		"--service-account-signing-key-file=" + f.saKey,
		"--service-cluster-ip-range=10.96.0.0/16",
		// The Node's hostname does not resolve; kwok listens on its InternalIP.
		"--kubelet-preferred-address-types=InternalIP,Hostname",
		"--enable-admission-plugins=NamespaceLifecycle,ServiceAccount,DefaultStorageClass,ResourceQuota,LimitRanger",
		"--watch-cache=" + strconv.FormatBool(cp.o.watchCache),
		"--profiling=false",
	}
	if err := cp.spawn("kube-apiserver", append(apiserverArgs, cp.o.apiserverArgs...)...); err != nil {
		return err
	}
	if err := waitHTTP(ctx, cp.api.http, cp.serverURL+"/readyz", "kube-apiserver"); err != nil {
		return err
	}
	if err := cp.api.bootstrapReader(ctx); err != nil {
		return err
	}
	// kwok reads Logs and ClusterLogs from the API server but does not define them.
	if err := cp.api.installCRDs(ctx, cp.o.crdsDir, "kwok.x-k8s.io/v1alpha1", []string{"logs", "clusterlogs"}); err != nil {
		return err
	}

	kc := f.adminKubeconfig
	if err := cp.spawn("kube-controller-manager",
		"--kubeconfig="+kc, "--authentication-kubeconfig="+kc, "--authorization-kubeconfig="+kc,
		"--bind-address=127.0.0.1", "--secure-port=0", "--leader-elect=false",
		"--controllers=*,-nodeipam,-nodelifecycle,-service-lb-controller,-cloud-node-lifecycle-controller,-persistentvolume-binder-controller,-persistentvolume-attach-detach-controller,-persistentvolume-expander-controller",
		"--service-account-private-key-file="+f.saKey, "--root-ca-file="+f.caFile,
		"--use-service-account-credentials=false",
		"--concurrent-job-syncs=5",
	); err != nil {
		return err
	}
	if err := cp.spawn("kube-scheduler",
		"--kubeconfig="+kc, "--authentication-kubeconfig="+kc, "--authorization-kubeconfig="+kc,
		"--bind-address=127.0.0.1", "--secure-port=0", "--leader-elect=false",
	); err != nil {
		return err
	}
	kubelet := net.JoinHostPort("127.0.0.1", strconv.Itoa(cp.kubeletPort))
	if err := cp.spawn("kwok",
		"--kubeconfig="+kc, "--config="+f.kwokConfig,
		"--manage-all-nodes", "--node-ip=127.0.0.1", "--node-name="+nodeName,
		"--node-port="+strconv.Itoa(cp.kubeletPort), "--server-address="+kubelet,
		"--tls-cert-file="+f.servingCert, "--tls-private-key-file="+f.servingKey,
		"--enable-crds=Logs,ClusterLogs",
	); err != nil {
		return err
	}
	if err := waitHTTP(ctx, cp.api.http, "https://"+kubelet+"/healthz", "kwok"); err != nil {
		return err
	}
	// Created only now that kwok manages it, so kwok initialises it.
	if err := cp.api.ensureNode(ctx, cp.kubeletPort); err != nil {
		return err
	}
	return cp.api.waitNamespaceReady(ctx, "default")
}

func writeKwokConfig(path, stagesDir string) error {
	entries, err := os.ReadDir(stagesDir)
	if err != nil {
		return fmt.Errorf("kwok stages: %w", err)
	}
	var names []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".yaml") {
			names = append(names, e.Name())
		}
	}
	if len(names) == 0 {
		return fmt.Errorf("kwok stages: no *.yaml in %s", stagesDir)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, n := range names {
		data, err := os.ReadFile(filepath.Join(stagesDir, n))
		if err != nil {
			return err
		}
		for _, doc := range strings.Split(string(data), "\n---") {
			if strings.TrimSpace(doc) == "" {
				continue
			}
			b.WriteString("---\n")
			b.WriteString(strings.TrimPrefix(strings.TrimSpace(doc), "---"))
			b.WriteString("\n")
		}
	}
	return writeFileAtomic(path, []byte(b.String()), 0o600)
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// waitHTTP polls url until it answers 200.
func waitHTTP(ctx context.Context, client *http.Client, url, what string) error {
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if resp, err := client.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s not ready (%s): %w", what, url, ctx.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func writeFileAtomic(path string, data []byte, mode os.FileMode) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, mode); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

func writeKubeconfig(path, name, server string, caPEM []byte, token string) error {
	ca := base64std(caPEM)
	data := fmt.Sprintf(`apiVersion: v1
kind: Config
clusters:
- name: %[1]s
  cluster:
    server: %[2]s
    certificate-authority-data: %[3]s
users:
- name: %[1]s
  user:
    token: %[4]s
contexts:
- name: %[1]s
  context:
    cluster: %[1]s
    user: %[1]s
current-context: %[1]s
`, name, server, ca, token)
	return writeFileAtomic(path, []byte(data), 0o600)
}
