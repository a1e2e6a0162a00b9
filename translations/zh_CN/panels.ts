<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ColourBar</name>
    <message>
        <source>undefined
(f is NaN)</source>
        <translation>无定义
（f 为 NaN）</translation>
    </message>
    <message>
        <source>f has no value there (e.g. sqrt or log of a negative number): hatched on the map, left out of the surface</source>
        <translation>f 在此处没有值（例如对负数取 sqrt 或 log）：在等高线图上画斜线，在曲面中略去</translation>
    </message>
    <message>
        <source>f
(log scale)</source>
        <translation>f
（对数刻度）</translation>
    </message>
    <message>
        <source>colours and heights follow log(1 + (f − min)/k): the scale is stretched near the minimum</source>
        <translation>颜色和高度按 log(1 + (f − min)/k) 变化：极小值附近的刻度被拉伸</translation>
    </message>
    <message>
        <source>colours and heights are linear in f</source>
        <translation>颜色和高度与 f 成线性关系</translation>
    </message>
</context>
<context>
    <name>CurveView</name>
    <message>
        <source>; hatched: f undefined (NaN)</source>
        <translation>；斜线区域：f 无定义（NaN）</translation>
    </message>
</context>
<context>
    <name>CurvesView</name>
    <message>
        <source>log y axis</source>
        <translation>对数 y 轴</translation>
    </message>
    <message>
        <source>step t</source>
        <translation>步 t</translation>
    </message>
    <message>
        <source>{name} = inf
(&gt; 1.8e308)
at step {step}</source>
        <translation>{name} = inf
（&gt; 1.8e308）
出现在第 {step} 步</translation>
    </message>
    <message>
        <source>▲ off scale: inf</source>
        <translation>▲ 超出刻度：inf</translation>
    </message>
    <message>
        <source>ticked: log10 scale; where a plot has values ≤ 0, symlog instead: sign(v)·log10(1 + |v|/c),
log-like beyond ±c and linear within (the axis says c). Unticked: linear.</source>
        <translation>勾选：log10 刻度；若某个图中有 ≤ 0 的值，则改用对称对数刻度：sign(v)·log10(1 + |v|/c)，
在 ±c 之外近似对数，之内为线性（坐标轴会注明 c）。不勾选：线性刻度。</translation>
    </message>
    <message>
        <source>some {name} = 0</source>
        <extracomment>per run: (its descent, decimators of f and of |∇f|): each update reads the new rows only</extracomment>
        <translation>有的 {name} = 0</translation>
    </message>
    <message>
        <source>some f ≤ 0</source>
        <translation>有的 f ≤ 0</translation>
    </message>
    <message>
        <source>{log_y_axis} (symlog: {reasons})</source>
        <translation>{log_y_axis}（对称对数：{reasons}）</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
</context>
<context>
    <name>FunctionPanel</name>
    <message>
        <source>(last good function: fix the text above to change it)</source>
        <translation>（上一个有效的函数：改正上面的文字才会更新）</translation>
    </message>
    <message>
        <source>Presets…</source>
        <translation>预设…</translation>
    </message>
    <message>
        <source>a function of x and y, e.g. {example}</source>
        <translation>x 和 y 的函数，例如 {example}</translation>
    </message>
    <message>
        <source>Operators + - * / ^ (or **), implicit product 2x; functions sin cos tan exp log sqrt abs min max atan2 hypot …; constants pi, e. Only x: a 1-D function.</source>
        <translation>运算符 + - * / ^（或 **），可省略乘号如 2x；函数 sin cos tan exp log sqrt abs min max atan2 hypot …；常数 pi、e。只含 x：一元函数。</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>x range</source>
        <translation>x 范围</translation>
    </message>
    <message>
        <source>y range</source>
        <translation>y 范围</translation>
    </message>
    <message>
        <source>{message} at column {column}</source>
        <translation>{message}（第 {column} 列）</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>{axis} min ({low}) must be less than {axis} max ({high})</source>
        <translation>{axis} 的最小值（{low}）必须小于 {axis} 的最大值（{high}）</translation>
    </message>
    <message>
        <source>{refused} — the map keeps {kept}</source>
        <translation>{refused}——等高线图保持 {kept}</translation>
    </message>
</context>
<context>
    <name>Inspector</name>
    <message>
        <source>run</source>
        <extracomment>the rows&apos; names as shown (FIELDS are the keys and object names)</extracomment>
        <translation>运行</translation>
    </message>
    <message>
        <source>status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>optimizer state</source>
        <translation>优化器状态</translation>
    </message>
    <message>
        <source>waiting for the function</source>
        <translation>等待函数</translation>
    </message>
    <message>
        <source>off the map ({where})</source>
        <translation>超出图外（{where}）</translation>
    </message>
</context>
<context>
    <name>MapView</name>
    <message>
        <source>arrows per axis</source>
        <translation>每个坐标轴上的箭头数</translation>
    </message>
    <message>
        <source>Back to the function&apos;s x and y range</source>
        <translation>回到函数的 x、y 范围</translation>
    </message>
    <message>
        <source>density</source>
        <translation>密度</translation>
    </message>
    <message>
        <source>arrows of {gradient} (uphill)</source>
        <translation>{gradient} 的箭头（上坡）</translation>
    </message>
    <message>
        <source>Arrows show −{gradient}, the direction gradient descent steps; tick to show {gradient}</source>
        <translation>箭头表示 −{gradient}，即梯度下降每一步的方向；勾选则显示 {gradient}</translation>
    </message>
</context>
<context>
    <name>Minima</name>
    <message>
        <source>local min {name} = {value}</source>
        <translation>局部极小值 {name} = {value}</translation>
    </message>
</context>
<context>
    <name>OptimizerPanel</name>
    <message>
        <source>the exact learning rate α</source>
        <translation>精确的学习率 α</translation>
    </message>
    <message>
        <source>σ of the Gaussian noise added to the gradient: g + σξ, ξ ~ N(0, I)</source>
        <translation>加到梯度上的高斯噪声的 σ：g + σξ，ξ ~ N(0, I)</translation>
    </message>
    <message>
        <source>noise σ</source>
        <translation>噪声 σ</translation>
    </message>
    <message>
        <source>none (constant α)</source>
        <translation>无（α 不变）</translation>
    </message>
    <message>
        <source>A learning-rate schedule, named as torch.optim.lr_scheduler names it:</source>
        <translation>学习率调度，名称与 torch.optim.lr_scheduler 中的一致：</translation>
    </message>
    <message>
        <source>joined with + they run one after another (SequentialLR), e.g.</source>
        <translation>用 + 连接则依次执行（SequentialLR），例如</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Clip the gradient&apos;s norm to this before each step, as torch.nn.utils.clip_grad_norm_ (the curves and exports keep the raw gradient)</source>
        <translation>每步之前把梯度的范数裁剪到这个值，与 torch.nn.utils.clip_grad_norm_ 相同（曲线和导出保留原始梯度）</translation>
    </message>
    <message>
        <source>optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>learning rate α</source>
        <translation>学习率 α</translation>
    </message>
    <message>
        <source>lr schedule</source>
        <extracomment>each refused value&apos;s message, in a row right under its field; by field name (&quot;lr&quot;, ...)</extracomment>
        <translation>学习率调度</translation>
    </message>
    <message>
        <source>clip ‖g‖ at</source>
        <translation>梯度裁剪 ‖g‖ 上限</translation>
    </message>
    <message>
        <source>{description}
valid: {range}, default {default}
update: {formula}</source>
        <translation>{description}
取值范围：{range}，默认 {default}
更新：{formula}</translation>
    </message>
    <message>
        <source>learning rate α on a log scale, {low} … {high}</source>
        <translation>学习率 α，对数刻度，{low} … {high}</translation>
    </message>
    <message>
        <source>learning rate α on a linear scale, {low} … {high}</source>
        <translation>学习率 α，线性刻度，{low} … {high}</translation>
    </message>
</context>
<context>
    <name>PreparingPage</name>
    <message>
        <source>Preparing the numerical kernels and the first landscape…</source>
        <extracomment>where a text in Chinese may be cut besides its spaces: after a CJK character or full-width sign</extracomment>
        <translation>正在准备数值计算内核和第一幅函数图像…</translation>
    </message>
</context>
<context>
    <name>RunStatus</name>
    <message>
        <source>ok</source>
        <extracomment>a run&apos;s status (the descent&apos;s word, or &quot;error&quot;) as the table and the inspector say it</extracomment>
        <translation>正常</translation>
    </message>
    <message>
        <source>diverged</source>
        <translation>发散</translation>
    </message>
    <message>
        <source>singular</source>
        <translation>奇异</translation>
    </message>
    <message>
        <source>undefined</source>
        <translation>无定义</translation>
    </message>
    <message>
        <source>converged</source>
        <translation>收敛</translation>
    </message>
    <message>
        <source>error</source>
        <translation>错误</translation>
    </message>
</context>
<context>
    <name>RunsPanel</name>
    <message>
        <source>run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Race every optimizer: adds one run per optimizer after your runs, all from the selected run&apos;s start, each at the preset&apos;s learning rate for it (its default off a preset).
Your runs are kept as they are; an optimizer already run with the same settings is not added twice. All runs restart together.</source>
        <extracomment>status text colours, readable on the table&apos;s white background</extracomment>
        <translation>让所有优化器同场比赛：在你的运行之后为每个优化器添加一次运行，都从所选运行的起点出发，各自使用预设为它给出的学习率（不是预设时用它的默认值）。
你的运行保持原样；已用相同设置运行过的优化器不会重复添加。所有运行一起重新开始。</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Compare all optimizers</source>
        <translation>比较所有优化器</translation>
    </message>
    <message>
        <source>{summary}
start {start}
tick to show, untick to hide</source>
        <translation>{summary}
起点 {start}
勾选显示，取消勾选隐藏</translation>
    </message>
    <message>
        <source> · off the map ({where})</source>
        <translation> · 超出图外（{where}）</translation>
    </message>
    <message>
        <source>its last point is outside the plotted range ({view}): widen the range to see it</source>
        <translation>它的最后一个点在绘图范围（{view}）之外：扩大范围才能看到</translation>
    </message>
    <message>
        <source>compare all: %n run(s) added after your {kept}, which are kept as they were</source>
        <translation>比较所有优化器：在你的 {kept} 次运行之后添加了 %n 次运行，原有运行保持不变</translation>
    </message>
    <message>
        <source>compare all: every optimizer already has a run with these settings</source>
        <translation>比较所有优化器：每个优化器都已有一次使用这些设置的运行</translation>
    </message>
</context>
<context>
    <name>RunsPlot</name>
    <message>
        <source>arrows: {sign}, unit length; brighter: larger |{gradient}| ({low} to {high})</source>
        <extracomment>a path longer than this is drawn in a settled part (cached) and a live part (the rows since)</extracomment>
        <translation>箭头：{sign}，单位长度；越亮 |{gradient}| 越大（{low} 至 {high}）</translation>
    </message>
</context>
<context>
    <name>SlopeView</name>
    <message>
        <source>the slope f′(x) each step follows:  x ← x − α·f′(x)</source>
        <translation>每一步所沿的斜率 f′(x)：  x ← x − α·f′(x)</translation>
    </message>
    <message>
        <source>each step:  x ← x − α·f′(x)</source>
        <translation>每一步：  x ← x − α·f′(x)</translation>
    </message>
    <message>
        <source>f′(x), the slope each gradient step follows: {rule}</source>
        <translation>f′(x)，每个梯度步所沿的斜率：{rule}</translation>
    </message>
    <message>
        <source>stars: the preset&apos;s known minima, where f′ = 0</source>
        <translation>星号：预设中已知的极小值点，此处 f′ = 0</translation>
    </message>
</context>
<context>
    <name>StartPanel</name>
    <message>
        <source>or click / drag the crosshair on the map</source>
        <translation>或在等高线图上点击 / 拖动十字准星</translation>
    </message>
</context>
<context>
    <name>SurfaceView</name>
    <message>
        <source>Back to the default camera (3-D) or the function&apos;s range (1-D)</source>
        <translation>回到默认视角（三维）或函数的范围（一维）</translation>
    </message>
</context>
<context>
    <name>SurfaceView3D</name>
    <message>
        <source>drag: turn · wheel: zoom</source>
        <extracomment>called before a frame is drawn whose camera, size or static scene differs from the last&apos;s (labels are thinned there: once per camera move, not every frame) run index -&gt; (scene point where it left the box, scene direction it went), for the runs off the plot</extracomment>
        <translation>拖动：旋转 · 滚轮：缩放</translation>
    </message>
    <message>
        <source>   ·   grey floor: f undefined (NaN)</source>
        <translation>   ·   灰色底面：f 无定义（NaN）</translation>
    </message>
    <message>
        <source>{name} (log scale)</source>
        <translation>{name}（对数刻度）</translation>
    </message>
</context>
<context>
    <name>ViewBar</name>
    <message>
        <source>Reset view</source>
        <translation>重置视图</translation>
    </message>
</context>
<context>
    <name>core</name>
    <message>
        <source>{quantity}, linear</source>
        <translation>{quantity}，线性</translation>
    </message>
    <message>
        <source>{quantity}, log scale</source>
        <translation>{quantity}，对数刻度</translation>
    </message>
    <message>
        <source>{quantity}, symlog scale{line_break}(linear within ±{threshold})</source>
        <translation>{quantity}，对称对数刻度{line_break}（±{threshold} 以内为线性）</translation>
    </message>
</context>
</TS>
