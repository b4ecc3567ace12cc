// Peer baseline for `make bench`: govmomi's container view + Retrieve of the same VM properties that
// vm_list reads, decoded into Go structs. Prints one JSON line with per-run milliseconds.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net/url"
	"os"
	"time"

	"github.com/vmware/govmomi"
	"github.com/vmware/govmomi/view"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/soap"
)

func main() {
	rawURL := flag.String("url", "", "https://user:pass@host:port/sdk")
	caFile := flag.String("ca", "", "PEM CA file to trust")
	runs := flag.Int("runs", 5, "repetitions")
	flag.Parse()

	ctx := context.Background()
	u, err := url.Parse(*rawURL)
	if err != nil {
		log.Fatal(err)
	}
	soapClient := soap.NewClient(u, false)
	if *caFile != "" {
		if err := soapClient.SetRootCAs(*caFile); err != nil {
			log.Fatal(err)
		}
	}
	vimClient, err := govmomiNewClient(ctx, soapClient)
	if err != nil {
		log.Fatal(err)
	}
	client := &govmomi.Client{Client: vimClient, SessionManager: nil}
	if err := loginClient(ctx, client, u.User); err != nil {
		log.Fatal(err)
	}

	paths := []string{"name", "config.template", "runtime.powerState", "config.hardware.numCPU",
		"config.hardware.memoryMB", "guest.ipAddress", "runtime.host"}
	ms := make([]float64, 0, *runs)
	count := 0
	for i := 0; i < *runs; i++ {
		start := time.Now()
		m := view.NewManager(client.Client)
		v, err := m.CreateContainerView(ctx, client.ServiceContent.RootFolder, []string{"VirtualMachine"}, true)
		if err != nil {
			log.Fatal(err)
		}
		var vms []mo.VirtualMachine
		if err := v.Retrieve(ctx, []string{"VirtualMachine"}, paths, &vms); err != nil {
			log.Fatal(err)
		}
		_ = v.Destroy(ctx)
		ms = append(ms, float64(time.Since(start).Microseconds())/1000)
		count = len(vms)
	}
	out, _ := json.Marshal(map[string]interface{}{"vms": count, "ms": ms})
	fmt.Fprintln(os.Stdout, string(out))
}
