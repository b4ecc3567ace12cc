// vcsim launcher for vsphere-mcp tests and `make run`.
//
// Builds against Debian's golang-github-vmware-govmomi-dev (GOPATH=/usr/share/gocode GO111MODULE=off).
// Prints one JSON line {url, host, port, sha1, sha256, ...} on stdout once it is serving, then runs until
// SIGINT/SIGTERM, when it removes its temporary datastore folders.
package main

import (
	"crypto/sha1"
	"crypto/sha256"
	"crypto/tls"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/vmware/govmomi/simulator"
	_ "github.com/vmware/govmomi/vapi/namespace/simulator"
	_ "github.com/vmware/govmomi/pbm/simulator"
	_ "github.com/vmware/govmomi/vapi/simulator"
)

func colonHex(sum []byte) string {
	parts := make([]string, len(sum))
	for i, b := range sum {
		parts[i] = fmt.Sprintf("%02X", b)
	}
	return strings.Join(parts, ":")
}

func main() {
	esx := flag.Bool("esx", false, "simulate a standalone ESXi host instead of vCenter")
	dc := flag.Int("dc", 1, "datacenters")
	cluster := flag.Int("cluster", 1, "clusters per datacenter")
	clusterHost := flag.Int("cluster-host", 3, "hosts per cluster")
	host := flag.Int("host", 1, "standalone hosts per datacenter")
	pool := flag.Int("pool", 1, "child resource pools per cluster")
	app := flag.Int("app", 0, "vApps per cluster")
	vm := flag.Int("vm", 2, "VMs per host / cluster resource pool")
	ds := flag.Int("ds", 1, "datastores")
	pg := flag.Int("pg", 1, "distributed portgroups")
	folder := flag.Int("folder", 0, "folders per datacenter type")
	listen := flag.String("listen", "127.0.0.1:0", "listen address")
	certFile := flag.String("cert", "", "PEM certificate chain to serve (leaf first); empty with -key empty = plain HTTP")
	keyFile := flag.String("key", "", "PEM private key of the leaf certificate")
	user := flag.String("user", "", "fixed SOAP login user (empty: any non-empty user/password is accepted)")
	password := flag.String("password", "", "fixed SOAP login password (with -user)")
	idle := flag.Duration("idle-timeout", 0, "expire idle sessions after this duration (0: never)")
	delays := flag.String("method-delay", "", `per-method delay in ms as JSON, e.g. {"PowerOnVM_Task":2000}`)
	autostart := flag.Bool("autostart", true, "power on the VMs the model creates")
	flag.Parse()

	model := simulator.VPX()
	if *esx {
		model = simulator.ESX()
	} else {
		model.Datacenter = *dc
		model.Cluster = *cluster
		model.ClusterHost = *clusterHost
		model.Host = *host
		model.Pool = *pool
		model.App = *app
		model.Portgroup = *pg
		model.Folder = *folder
	}
	model.Machine = *vm
	model.Datastore = *ds
	model.Autostart = *autostart
	if *delays != "" {
		m := map[string]int{}
		if err := json.Unmarshal([]byte(*delays), &m); err != nil {
			log.Fatalf("-method-delay: %v", err)
		}
		model.DelayConfig.MethodDelay = m
	}
	simulator.SessionIdleTimeout = *idle

	started := time.Now()
	if err := model.Create(); err != nil {
		log.Fatalf("create model: %v", err)
	}
	model.Service.RegisterEndpoints = true
	if *user != "" {
		model.Service.Listen = &url.URL{Host: *listen, User: url.UserPassword(*user, *password)}
	} else {
		model.Service.Listen = &url.URL{Host: *listen}
	}

	var leaf []byte
	if *certFile != "" {
		pair, err := tls.LoadX509KeyPair(*certFile, *keyFile)
		if err != nil {
			log.Fatalf("load certificate: %v", err)
		}
		leaf = pair.Certificate[0]
		model.Service.TLS = &tls.Config{Certificates: []tls.Certificate{pair}}
	}

	// Test hooks the simulator offers as Go variables, reachable over HTTP so that tests in other
	// languages can drive them: /vcsim/status-sdk?code=503 makes the next /sdk response fail once.
	model.Service.ServeMux = http.NewServeMux()
	model.Service.ServeMux.HandleFunc("/vcsim/status-sdk", func(w http.ResponseWriter, r *http.Request) {
		code, err := strconv.Atoi(r.URL.Query().Get("code"))
		if err != nil {
			http.Error(w, "code must be a number", http.StatusBadRequest)
			return
		}
		simulator.StatusSDK = code
		w.WriteHeader(http.StatusNoContent)
	})

	server := model.Service.NewServer()

	out := map[string]interface{}{
		"url":       server.URL.Scheme + "://" + server.URL.Host + server.URL.Path,
		"host":      server.URL.Hostname(),
		"port":      server.URL.Port(),
		"tls":       leaf != nil,
		"pid":       os.Getpid(),
		"vms":       len(simulator.Map.All("VirtualMachine")),
		"hosts":     len(simulator.Map.All("HostSystem")),
		"startupMs": time.Since(started).Milliseconds(),
	}
	if leaf != nil {
		s1 := sha1.Sum(leaf)
		s256 := sha256.Sum256(leaf)
		out["sha1"] = colonHex(s1[:])
		out["sha256"] = colonHex(s256[:])
	}
	line, _ := json.Marshal(out)
	fmt.Println(string(line))

	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	<-sig
	server.Close()
	model.Remove()
}
