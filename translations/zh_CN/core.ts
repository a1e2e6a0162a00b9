<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>registry</name>
    <message>
        <source>Gradient descent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>plain gradient descent: step against the gradient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>learning rate: the step size α</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L2 penalty λ added to the gradient: g + λθ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>velocity v: the running sum of past gradients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stochastic GD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>gradient descent on a noisy gradient g + σ·ξ, ξ ~ N(0, I) (a stand-in for mini-batch noise)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Momentum</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>heavy-ball momentum: a velocity accumulates past gradients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>momentum factor μ: how much velocity is kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dampening τ of the gradient added to the velocity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nesterov</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nesterov momentum: the step looks ahead along the velocity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>QHM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>quasi-hyperbolic momentum: a ν-weighted average of the gd step and an EMA-momentum step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>β: decay of the momentum buffer b, an average of g</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ν: weight of the momentum step (0: gd, 1: EMA momentum)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>g_buf: exponential moving average of g (starts at 0)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AdaGrad</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>per-coordinate steps shrink with the sum of squared gradients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>η: learning-rate decay, α/(1+(t−1)η)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>starting value of the sum s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ε added to the denominator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>s: the sum of squared gradients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RMSProp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>divide by a running RMS of recent gradients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>smoothing constant a of the running mean of g²</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ε added to the denominator for numerical stability</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>momentum μ on the scaled step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1: divide by an estimate of the variance (s − ḡ²)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>s: running mean of g²</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>b: velocity of the scaled steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ḡ: running mean of g (centered)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AdaDelta</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RMSProp with units fixed by a running mean of past steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>decay ρ of the running means</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ε inside the square roots</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>u: running mean of Δ²</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adam</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>momentum on g and RMSProp scaling, both bias-corrected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>decay rate β₁ of the first moment (mean of g)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>decay rate β₂ of the second moment (mean of g²)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1: divide by the largest second moment seen (AMSGrad)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>m: running mean of g (first moment)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>v: running mean of g² (second moment)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>v̂: the largest v so far (AMSGrad)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AdamW</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adam with decoupled weight decay: θ shrinks by αλ before the step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>decoupled decay λ: θ ← θ(1 − αλ)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AMSGrad</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adam that divides by the largest v seen so far</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>QHAdam</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>quasi-hyperbolic Adam: each moment averaged with the current g (or g²) by ν</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ν₁: weight of m̂ against g in the numerator (1: Adam&apos;s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ν₂: weight of v̂ against g² in the denominator (1: Adam&apos;s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NAdam</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adam with Nesterov momentum (and momentum warm-up)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ψ: momentum warm-up rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RAdam</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rectified Adam: momentum steps until the variance of v̂ is tractable, then Adam&apos;s, rectified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1: decoupled decay, θ ← θ(1 − αλ) (as AdamW)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sign of an interpolated momentum: every coordinate steps by ±α</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>β₁: weight of m against g in the step&apos;s direction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>β₂: decay rate of the momentum m</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>decoupled decay λ: θ ← θ − αλθ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>m: momentum, running mean of g (updated after the step)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Newton</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step to the minimum of the local quadratic model (uses the exact Hessian H)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bowl  x² + y²</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The seeds&apos; convex bowl: one minimum at the origin and the gradient 2θ points straight away from it. Gradient descent with α &lt; 1 converges; α = 1 bounces forever between ±θ; α &gt; 1 diverges.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ill-conditioned bowl  0.1x² + 2y²</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Curvatures 0.2 and 4 differ by a factor 20: a learning rate small enough for y crawls along x, and a larger one zig-zags across the valley. Momentum and Adam fix this.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rosenbrock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A curved, flat-bottomed banana valley with its minimum at (1, 1). Finding the valley is easy; following it to the minimum is slow for plain gradient descent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Himmelblau</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Four minima of equal height 0, at (3, 2), (-2.805, 3.131), (-3.779, -3.283) and (3.584, -1.848): which one a run reaches depends on where it starts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Beale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Minimum 0 at (3, 0.5) in a narrow valley, with very steep walls in the corners: a large step there diverges.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Booth</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A tilted quadratic bowl with its minimum 0 at (1, 3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saddle  x² − y²</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A saddle point at the origin (the gradient is zero there but it is no minimum). Starting almost on the x axis, a run slides to the saddle, lingers, then escapes along y.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Monkey saddle  x³ − 3xy²</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A degenerate saddle with three valleys (room for a monkey&apos;s tail): the Hessian is zero at the origin.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rastrigin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A bowl covered in a grid of local minima; only the one at the origin is global. Plain gradient descent stops in the nearest dimple.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ackley</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A nearly flat outer region full of small bumps around a deep, narrow funnel at the origin.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Six-hump camel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Six local minima; the two global ones are at (0.0898, -0.7126) and (-0.0898, 0.7126), f = -1.0316.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1-D  x·cos(πx)  (seed 004)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The loss of seed 004: a local minimum near x = -0.274 (f = -0.179) and a deeper one near x = 1.090 (f = -1.047); f keeps falling towards the edges of [-2, 2]. Careful: the seed&apos;s hand-written derivative cos(πx) − x·sin(πx) drops a factor π (the exact derivative is cos(πx) − πx·sin(πx)), so the seed&apos;s pictures really descend the next preset.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1-D  what seed 004 really descends</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The function whose exact derivative is the seed&apos;s formula cos(πx) − x·sin(πx): running gradient descent here reproduces the seed&apos;s update x ← x − η(cos(πx) − x·sin(πx)) step for step (start 0.5, η = 0.1, or start -1 with η = 1.000542 as in the seed).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>multiply the rate by gamma every step_size steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>multiply the rate by gamma every step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>half a cosine from the rate down to eta_min over T_max steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>scale the rate linearly from start_factor to end_factor over total_iters steps (a warm-up)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the rate divided by √(t+1)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
