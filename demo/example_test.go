package demo_test

import (
	"fmt"

	"jiangxin/demo"
)

// The small default city: the well-known entities are in the Summary.
func ExampleBuild() {
	b, sum, err := demo.Build(demo.Options{})
	if err != nil {
		panic(err)
	}
	first := b.Workers[0]
	fmt.Println(first.ID == sum.ModelWorkerID, first.Name, first.Roles, first.Honours[len(first.Honours)-1].Title)
	fmt.Println(len(b.Workers), "workers in", len(sum.Districts), "districts; campaign", sum.Campaign)
	// Output:
	// true 王建湘 [CRAFTSMAN MODEL_WORKER] 全国劳动模范
	// 600 workers in 6 districts; campaign 2026年长沙市劳模工匠师徒结对活动
}
