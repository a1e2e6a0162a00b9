<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
    <context>
        <name>BackwardPass</name>
        <message>
            <source>? (so far {sum})</source>
            <translation>?（目前 {sum}）</translation>
        </message>
        <message>
            <source>1 (seed)</source>
            <translation>1（初值）</translation>
        </message>
    </context>
    <context>
        <name>BasinPanel</name>
        <message>
            <source>Basins of attraction</source>
            <translation>吸引域</translation>
        </message>
        <message>
            <source>Basins of attraction on the map</source>
            <translation>在等高线图上显示吸引域</translation>
        </message>
        <message>
            <source>Basins of attraction (for functions of x and y)</source>
            <translation>吸引域（用于 x 和 y 的函数）</translation>
        </message>
        <message>
            <source>defaults</source>
            <translation>默认值</translation>
        </message>
        <message>
            <source>, without its noise</source>
            <translation>，不加噪声</translation>
        </message>
        <message>
            <source>, </source>
            <comment>a list's separator</comment>
            <translation>，</translation>
        </message>
        <message>
            <source>Colour each start of the map by the minimum the selected run's optimizer reaches from it</source>
            <translation>按所选运行的优化器从每个起点到达的极小值，为图上的起点着色</translation>
        </message>
        <message>
            <source>Show basins on the map</source>
            <translation>在等高线图上显示吸引域</translation>
        </message>
        <message>
            <source>how much the basins hide the heights below them</source>
            <translation>吸引域遮住下方高度的程度</translation>
        </message>
        <message>
            <source>starts per side of the map's range (a coarse {preview} × {preview} map shows first)</source>
            <translation>图范围内每边的起点数（先显示 {preview} × {preview} 的粗略图）</translation>
        </message>
        <message>
            <source>at most this many steps from each start (1 to {limit}); Return computes</source>
            <translation>每个起点最多走的步数（1 到 {limit}）；按回车计算</translation>
        </message>
        <message>
            <source>Compute</source>
            <translation>计算</translation>
        </message>
        <message>
            <source>Map the basins for the function, range and selected run shown now</source>
            <translation>为当前显示的函数、范围和所选运行绘制吸引域</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>starts</source>
            <translation>起点</translation>
        </message>
        <message>
            <source>the share of the starts that end in this minimum</source>
            <translation>最终到达这个极小值的起点所占比例</translation>
        </message>
        <message>
            <source>Colour: the minimum a start ends in (a dot marks it); darker: more steps to get there. Hatched: {unlabelled} (diverged, f undefined, out of steps, or stopped on a saddle). Colours repeat after {colours} minima.</source>
            <translation>颜色：起点最终到达的极小值（以圆点标出）；颜色越深，到达所需步数越多。斜线：{unlabelled}（发散、f 无定义、步数用完或停在鞍点）。超过 {colours} 个极小值后颜色会重复。</translation>
        </message>
        <message>
            <source>opacity</source>
            <translation>不透明度</translation>
        </message>
        <message>
            <source>grid</source>
            <translation>网格</translation>
        </message>
        <message>
            <source>steps</source>
            <translation>步数</translation>
        </message>
        <message>
            <source>Tick “{toggle}” to see which minimum each start reaches.</source>
            <translation>勾选“{toggle}”，查看每个起点到达哪个极小值。</translation>
        </message>
        <message>
            <source>steps must be from 1 to {limit}, got {steps}</source>
            <translation>步数必须在 1 到 {limit} 之间，输入的是 {steps}</translation>
        </message>
        <message>
            <source>steps must be a whole number from 1 to {limit}, got “{text}”</source>
            <translation>步数必须是 1 到 {limit} 之间的整数，输入的是“{text}”</translation>
        </message>
        <message>
            <source>No function yet.</source>
            <translation>还没有函数。</translation>
        </message>
        <message>
            <source>Basins need a function of x and y.</source>
            <translation>吸引域需要 x 和 y 的函数。</translation>
        </message>
        <message>
            <source>Basins are mapped for a typed function: switch to the Function tab.</source>
            <translation>吸引域针对输入的函数计算：请切换到“函数”选项卡。</translation>
        </message>
        <message>
            <source>compiling the batch kernel…</source>
            <translation>正在编译批量计算内核…</translation>
        </message>
        <message>
            <source>coarse map: {progress}</source>
            <translation>粗略图：{progress}</translation>
        </message>
        <message>
            <source>Compiling the batch kernel for this function and optimizer (seconds, the first time); </source>
            <translation>正在为这个函数和优化器编译批量计算内核（首次需要几秒）；</translation>
        </message>
        <message>
            <source>mapping {grid} × {grid} starts, {steps} steps each (a {preview} × {preview} preview first)…</source>
            <translation>正在计算 {grid} × {grid} 个起点，每个最多 {steps} 步（先给出 {preview} × {preview} 的预览）…</translation>
        </message>
        <message>
            <source>Showing the {preview} × {preview} preview; mapping {grid} × {grid} starts…</source>
            <translation>正在显示 {preview} × {preview} 的预览；正在计算 {grid} × {grid} 个起点…</translation>
        </message>
        <message>
            <source>The basin map failed: {error}</source>
            <translation>吸引域计算失败：{error}</translation>
        </message>
        <message>
            <source>Interrupted by a new landscape; mapping again…</source>
            <translation>被新的函数图像打断；正在重新计算…</translation>
        </message>
        <message>
            <source>Cancelled: the map shows the {preview} × {preview} preview. Compute maps it again.</source>
            <translation>已取消：图上显示的是 {preview} × {preview} 的预览。点“计算”重新计算。</translation>
        </message>
        <message>
            <source>Cancelled. Compute maps it again.</source>
            <translation>已取消。点“计算”重新计算。</translation>
        </message>
        <message>
            <source>Stale: {reason}; the basin map was cleared. It is mapped again once the changes settle.</source>
            <translation>已过期：{reason}；吸引域图已清除。改动稳定后会重新计算。</translation>
        </message>
        <message>
            <source>Stale: {reason}; the basin map was cleared. Compute maps it again.</source>
            <translation>已过期：{reason}；吸引域图已清除。点“计算”重新计算。</translation>
        </message>
        <message>
            <source>the function has no y</source>
            <translation>函数中没有 y</translation>
        </message>
        <message>
            <source>no function</source>
            <translation>没有函数</translation>
        </message>
        <message>
            <source>a new function</source>
            <translation>换了新函数</translation>
        </message>
        <message>
            <source>a new range</source>
            <translation>换了新范围</translation>
        </message>
        <message>
            <source>another optimizer</source>
            <translation>换了优化器</translation>
        </message>
        <message>
            <source>the optimizer's settings changed</source>
            <translation>优化器的设置变了</translation>
        </message>
        <message>
            <source>{minimum} ({count} starts)</source>
            <translation>{minimum}（{count} 个起点）</translation>
        </message>
        <message>
            <source>… and {more} more minima ({share} of the starts): the first {listed} by f, then x, then y are listed</source>
            <translation>… 另有 {more} 个极小值（占起点的 {share}）：这里只列出按 f、再按 x、再按 y 排序的前 {listed} 个</translation>
        </message>
        <message>
            <source>{unlabelled}: {share} ({reasons})</source>
            <translation>{unlabelled}：{share}（{reasons}）</translation>
        </message>
        <message>
            <source>{unlabelled}: {share}</source>
            <translation>{unlabelled}：{share}</translation>
        </message>
        <message>
            <source>{count} of {total} starts found no minimum</source>
            <translation>{total} 个起点中有 {count} 个没有找到极小值</translation>
        </message>
        <message>
            <source>{grid} × {grid} starts, at most {steps} steps: {found} minimum found in {seconds:.2f} s.</source>
            <translation>{grid} × {grid} 个起点，最多 {steps} 步：用时 {seconds:.2f} 秒，找到 {found} 个极小值。</translation>
        </message>
        <message>
            <source>{grid} × {grid} starts, at most {steps} steps: {found} minima found in {seconds:.2f} s.</source>
            <translation>{grid} × {grid} 个起点，最多 {steps} 步：用时 {seconds:.2f} 秒，找到 {found} 个极小值。</translation>
        </message>
        <message>
            <source> Most starts ran out of steps before |∇f| fell below {gtol}: more steps or a larger learning rate may reach a minimum.</source>
            <translation>大多数起点在 |∇f| 降到 {gtol} 以下之前就用完了步数：增加步数或增大学习率可能会到达极小值。</translation>
        </message>
        <message>
            <source>From each start: the selected run's {run}</source>
            <translation>从每个起点出发：使用所选运行的 {run}</translation>
        </message>
        <message>
            <source>From each start: the selected run's optimizer (for a function of x and y).</source>
            <translation>从每个起点出发：使用所选运行的优化器（用于 x 和 y 的函数）。</translation>
        </message>
    </context>
    <context>
        <name>CriticalPointsOverlay</name>
        <message>
            <source>min</source>
            <extracomment>pyqtgraph's symbols: "t" is a triangle pointing down, "t1" one pointing up</extracomment>
            <translation>极小</translation>
        </message>
        <message>
            <source>max</source>
            <translation>极大</translation>
        </message>
        <message>
            <source>saddle</source>
            <translation>鞍点</translation>
        </message>
        <message>
            <source>degenerate</source>
            <translation>退化</translation>
        </message>
        <message>
            <source>minimum</source>
            <extracomment>a point's kind (core.critical.KINDS, and "undefined" for the Hessian panel) as the window names it</extracomment>
            <translation>极小值</translation>
        </message>
        <message>
            <source>maximum</source>
            <translation>极大值</translation>
        </message>
        <message>
            <source>undefined</source>
            <translation>无定义</translation>
        </message>
        <message>
            <source>Mark where ∇f = 0 in the view: ▼ minimum, ▲ maximum, ✕ saddle, ◆ degenerate
(Newton's method on ∇f from a grid of seeds, classified by the Hessian's eigenvalues)</source>
            <translation>标出视图中 ∇f = 0 的位置：▼ 极小值，▲ 极大值，✕ 鞍点，◆ 退化
（从网格上的初始点出发，对 ∇f 用牛顿法求解，再按黑塞矩阵的特征值分类）</translation>
        </message>
        <message>
            <source>critical points: {symbols}</source>
            <translation>临界点：{symbols}</translation>
        </message>
        <message>
            <source>critical points</source>
            <translation>临界点</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Stop looking for critical points</source>
            <translation>停止寻找临界点</translation>
        </message>
        <message>
            <source>finding critical points…</source>
            <translation>正在寻找临界点…</translation>
        </message>
        <message>
            <source>{count} critical points</source>
            <translation>{count} 个临界点</translation>
        </message>
        <message>
            <source>critical points: searching…</source>
            <translation>临界点：正在寻找…</translation>
        </message>
        <message>
            <source>critical points: the search failed</source>
            <translation>临界点：寻找失败</translation>
        </message>
        <message>
            <source>the search failed</source>
            <translation>寻找失败</translation>
        </message>
        <message>
            <source>critical points: cancelled (untick and tick to search again)</source>
            <translation>临界点：已取消（取消勾选后再勾选即可重新寻找）</translation>
        </message>
        <message>
            <source>critical points: none in view</source>
            <translation>临界点：视图中没有</translation>
        </message>
        <message>
            <source>, </source>
            <comment>a list's separator</comment>
            <translation>，</translation>
        </message>
        <message>
            <source>In view: {points}</source>
            <translation>视图中：{points}</translation>
        </message>
    </context>
    <context>
        <name>ExplainPanel</name>
        <message>
            <source>g includes this step's gradient noise σ·ξ = ({noise}), σ = {sigma}: ∇f = ({gradient})</source>
            <translation>g 包含这一步的梯度噪声 σ·ξ = ({noise})，σ = {sigma}：∇f = ({gradient})</translation>
        </message>
        <message>
            <source>g is clipped to norm {clip} (×{factor})</source>
            <translation>g 被裁剪到范数 {clip}（×{factor}）</translation>
        </message>
        <message>
            <source>the schedule sets this step's lr = {lr} (base lr {base})</source>
            <translation>学习率调度把这一步的 lr 设为 {lr}（基础 lr 为 {base}）</translation>
        </message>
        <message>
            <source>The update's statements in the order they run; click one to show it</source>
            <translation>更新的各条语句，按执行顺序排列；点击一条即可查看</translation>
        </message>
        <message>
            <source>Explain step</source>
            <translation>讲解这一步</translation>
        </message>
        <message>
            <source>Explain the selected run's next update, stage by stage, on the map</source>
            <translation>在图上逐阶段讲解所选运行的下一次更新</translation>
        </message>
        <message>
            <source>Explain next step</source>
            <translation>讲解下一步</translation>
        </message>
        <message>
            <source>The previous stage</source>
            <translation>上一个阶段</translation>
        </message>
        <message>
            <source>Next ▶</source>
            <translation>下一个 ▶</translation>
        </message>
        <message>
            <source>The next stage</source>
            <translation>下一个阶段</translation>
        </message>
        <message>
            <source>Auto-play</source>
            <translation>自动播放</translation>
        </message>
        <message>
            <source>Show the stages one after another, then take the step</source>
            <translation>依次显示各个阶段，然后走这一步</translation>
        </message>
        <message>
            <source>Auto-play speed: stages per second</source>
            <translation>自动播放速度：每秒阶段数</translation>
        </message>
        <message>
            <source>Apply</source>
            <translation>应用</translation>
        </message>
        <message>
            <source>Apply step: take this step (as Step does: every run steps once)</source>
            <translation>应用这一步：走这一步（与“单步”相同：每次运行各走一步）</translation>
        </message>
        <message>
            <source>waiting for the function</source>
            <translation>正在等待函数</translation>
        </message>
        <message>
            <source>the Data mode trains on data: steps are explained on a typed function</source>
            <translation>数据模式在数据上训练：讲解针对输入的函数</translation>
        </message>
        <message>
            <source>no run selected</source>
            <translation>没有选中运行</translation>
        </message>
        <message>
            <source>the run has not started</source>
            <translation>运行还没有开始</translation>
        </message>
        <message>
            <source>&lt;b&gt;Run {run}&lt;/b&gt; ({label}): step t = {t} from θ = ({point})</source>
            <translation>&lt;b&gt;运行 {run}&lt;/b&gt;（{label}）：从 θ = ({point}) 出发的第 t = {t} 步</translation>
        </message>
        <message>
            <source>The run has stopped, so there is no next step: {why}</source>
            <translation>运行已停止，没有下一步：{why}</translation>
        </message>
        <message>
            <source>This step cannot be explained: {error}</source>
            <translation>无法讲解这一步：{error}</translation>
        </message>
        <message>
            <source>{error}. Apply still takes the step.</source>
            <translation>{error}。“应用”仍会走这一步。</translation>
        </message>
        <message>
            <source>The explained stages do not end exactly where the compiled update does.</source>
            <translation>讲解的各阶段没有恰好停在编译后的更新所到的位置。</translation>
        </message>
        <message>
            <source>The steps limit ({limit}) is reached: raise it in Run controls to apply this step.</source>
            <translation>已达到步数上限（{limit}）：请在运行控制中调高它，才能应用这一步。</translation>
        </message>
        <message>
            <source>as written in {function}: {source}</source>
            <translation>在 {function} 中的写法：{source}</translation>
        </message>
        <message>
            <source>the run</source>
            <translation>运行</translation>
        </message>
        <message>
            <source> · in {function}</source>
            <translation> · 位于 {function}</translation>
        </message>
        <message>
            <source>Stage {stage} of {stages}</source>
            <translation>第 {stage} 阶段，共 {stages} 个</translation>
        </message>
        <message>
            <source>&lt;i&gt;on the map:&lt;/i&gt; {glyph}</source>
            <translation>&lt;i&gt;图上：&lt;/i&gt;{glyph}</translation>
        </message>
        <message>
            <source>&lt;b&gt;The new point θ = ({point})&lt;/b&gt;: Apply takes it.</source>
            <translation>&lt;b&gt;新的点 θ = ({point})&lt;/b&gt;：点“应用”即走到这里。</translation>
        </message>
        <message>
            <source>the θ stage: the true step, and its arrow on the log scale when too short to see</source>
            <translation>θ 阶段：真实的一步；太短看不清时，另画一支对数刻度的箭头</translation>
        </message>
        <message>
            <source>; </source>
            <comment>a list's separator</comment>
            <translation>；</translation>
        </message>
        <message>
            <source>The step went to ({point}), not to the explained ({explained}).</source>
            <translation>这一步走到了 ({point})，而不是讲解中的 ({explained})。</translation>
        </message>
    </context>
    <context>
        <name>GlyphOverlay</name>
        <message>
            <source>Δθ last step</source>
            <translation>Δθ 上一步</translation>
        </message>
        <message>
            <source>−m momentum</source>
            <translation>−m 动量</translation>
        </message>
        <message>
            <source>−∇f, the way plain gradient descent steps (white)</source>
            <translation>−∇f，普通梯度下降前进的方向（白色）</translation>
        </message>
        <message>
            <source>Δθ, the last step the run took (the run's colour)</source>
            <translation>Δθ，这次运行走的上一步（运行的颜色）</translation>
        </message>
        <message>
            <source>−m, the momentum: velocity or first moment (amber)</source>
            <translation>−m，动量：速度或一阶矩（琥珀色）</translation>
        </message>
        <message>
            <source>a box whose half-side on each axis shows 1/(√v+ε), how much the step on that axis is scaled next to plain gradient descent (raw v, no bias correction; the run's colour, dashed)</source>
            <translation>一个方框，每个轴上的半边长表示 1/(√v+ε)，即该轴上的步长相对普通梯度下降被缩放了多少（原始 v，没有偏差修正；运行的颜色，虚线）</translation>
        </message>
        <message>
            <source>glyphs: scales as in the 2D map's legend</source>
            <translation>图示：比例与二维等高线图的图例相同</translation>
        </message>
        <message>
            <source>{glyph}: none</source>
            <translation>{glyph}：无</translation>
        </message>
        <message>
            <source>Glyphs: {kind}</source>
            <translation>图示：{kind}</translation>
        </message>
        <message>
            <source>At each run's current point: {glyph}</source>
            <translation>在每次运行的当前点：{glyph}</translation>
        </message>
    </context>
    <context>
        <name>GraphPanel</name>
        <message>
            <source>Start</source>
            <translation>开头</translation>
        </message>
        <message>
            <source>◀ Previous</source>
            <translation>◀ 上一个</translation>
        </message>
        <message>
            <source>Next ▶</source>
            <translation>下一个 ▶</translation>
        </message>
        <message>
            <source>End</source>
            <translation>结尾</translation>
        </message>
        <message>
            <source>Auto-play</source>
            <translation>自动播放</translation>
        </message>
        <message>
            <source> nodes/s</source>
            <translation> 节点/秒</translation>
        </message>
        <message>
            <source>Auto-play speed: backward-pass steps per second</source>
            <translation>自动播放速度：每秒反向传播步数</translation>
        </message>
        <message>
            <source>Fit</source>
            <translation>适应窗口</translation>
        </message>
        <message>
            <source>Zoom to the whole graph (drag to pan, wheel to zoom)</source>
            <translation>缩放到整张图（拖动平移，滚轮缩放）</translation>
        </message>
        <message>
            <source>backward-pass steps taken / nodes</source>
            <translation>已走的反向传播步数 / 节点数</translation>
        </message>
        <message>
            <source>waiting for the function</source>
            <translation>正在等待函数</translation>
        </message>
        <message>
            <source>The backpropagation graph is drawn for a typed function: switch to the Function tab.</source>
            <translation>反向传播的计算图针对输入的函数绘制：请切换到“函数”选项卡。</translation>
        </message>
        <message>
            <source>no run selected</source>
            <translation>没有选中运行</translation>
        </message>
        <message>
            <source>waiting for the run</source>
            <translation>正在等待运行</translation>
        </message>
        <message>
            <source>{function} at ({point}): {count} operation — the selected run's current point</source>
            <translation>{function} 在 ({point})：{count} 个运算——所选运行的当前点</translation>
        </message>
        <message>
            <source>{function} at ({point}): {count} operations — the selected run's current point</source>
            <translation>{function} 在 ({point})：{count} 个运算——所选运行的当前点</translation>
        </message>
        <message>
            <source>This function has {count} operations: too many to draw (at most {limit}). Here they are in backward order (f first), with each node's value and adjoint ∂f/∂node; the steps below still walk through them.</source>
            <translation>这个函数有 {count} 个运算：太多，画不下（最多 {limit} 个）。下面按反向顺序（f 在前）列出它们，并给出每个节点的值和伴随值 ∂f/∂节点；下方的按钮仍可逐步走过它们。</translation>
        </message>
        <message>
            <source>value</source>
            <translation>值</translation>
        </message>
        <message>
            <source>… and {count} more</source>
            <translation>… 另有 {count} 个</translation>
        </message>
        <message>
            <source>Forward pass done: every node shows its value. Press &lt;b&gt;Next&lt;/b&gt; to run the backward pass, from f back to the inputs, one node at a time.</source>
            <translation>前向传播完成：每个节点都显示了它的值。按&lt;b&gt;下一个&lt;/b&gt;开始反向传播，从 f 往回到输入，一次一个节点。</translation>
        </message>
        <message>
            <source>Step 1: seed ∂f/∂f = 1.</source>
            <translation>第 1 步：设初值 ∂f/∂f = 1。</translation>
        </message>
        <message>
            <source>Step {step}: all the users of &lt;b&gt;{node}&lt;/b&gt; are done, so ∂f/∂{node} = {adjoint} is final (the sum over the {paths} paths that reach it).</source>
            <translation>第 {step} 步：用到 &lt;b&gt;{node}&lt;/b&gt; 的节点都已完成，所以 ∂f/∂{node} = {adjoint} 已经确定（是到达它的 {paths} 条路径之和）。</translation>
        </message>
        <message>
            <source>Step {step}: all the users of &lt;b&gt;{node}&lt;/b&gt; are done, so ∂f/∂{node} = {adjoint} is final.</source>
            <translation>第 {step} 步：用到 &lt;b&gt;{node}&lt;/b&gt; 的节点都已完成，所以 ∂f/∂{node} = {adjoint} 已经确定。</translation>
        </message>
        <message>
            <source>{adjoint} × {partial} = {product} to {input}</source>
            <translation>把 {adjoint} × {partial} = {product} 传给 {input}</translation>
        </message>
        <message>
            <source> It passes ∂f/∂node × ∂node/∂input: {passes}.</source>
            <translation>它向输入传递 ∂f/∂节点 × ∂节点/∂输入：{passes}。</translation>
        </message>
        <message>
            <source>; </source>
            <comment>a list's separator</comment>
            <translation>；</translation>
        </message>
        <message>
            <source>0 (f does not use it)</source>
            <translation>0（f 没有用到它）</translation>
        </message>
        <message>
            <source>&lt;b&gt;Done.&lt;/b&gt; {adjoints} — &lt;b&gt;the gradient&lt;/b&gt; ∇f = {gradient}</source>
            <translation>&lt;b&gt;完成。&lt;/b&gt;{adjoints}——&lt;b&gt;梯度&lt;/b&gt; ∇f = {gradient}</translation>
        </message>
    </context>
    <context>
        <name>HessianPanel</name>
        <message>
            <source>Axes: half-length ∝ 1/√|λ| (the shape of a level curve of the quadratic model), the longer {fraction:.0%} of the plotted range's smaller side; colours as the λ labels.</source>
            <extracomment>the longer eigenvector axis is this fraction of the smaller side of the plotted range the shorter axis is never drawn shorter than this fraction of the longer (a near-zero λ)</extracomment>
            <translation>轴：半长 ∝ 1/√|λ|（二次模型等高线的形状），较长的一支为绘图范围较短边的 {fraction:.0%}；颜色与 λ 标签相同。</translation>
        </message>
        <message>
            <source>H = ∇²f at the point (exact, from the expression's tape)</source>
            <translation>该点处的 H = ∇²f（精确值，来自表达式的计算记录）</translation>
        </message>
        <message>
            <source>kind (by λ)</source>
            <translation>类型（按 λ）</translation>
        </message>
        <message>
            <source>eigenvalues λ</source>
            <translation>特征值 λ</translation>
        </message>
        <message>
            <source>eigenvectors</source>
            <translation>特征向量</translation>
        </message>
        <message>
            <source>condition max|λ|/min|λ|</source>
            <translation>条件数 max|λ|/min|λ|</translation>
        </message>
        <message>
            <source>exact</source>
            <translation>精确</translation>
        </message>
        <message>
            <source>central</source>
            <translation>中心差分</translation>
        </message>
        <message>
            <source>exact − central</source>
            <translation>精确 − 中心差分</translation>
        </message>
        <message>
            <source>seed 001's check: the exact gradient (reverse mode) beside the central difference (f(θ+h·e) − f(θ−h·e)) / 2h, and their difference</source>
            <translation>种子教程 001 的检验：精确梯度（反向模式）与中心差分 (f(θ+h·e) − f(θ−h·e)) / 2h 并列，以及两者之差</translation>
        </message>
        <message>
            <source>eigenvector axes on the 2D map</source>
            <translation>在二维等高线图上画特征向量轴</translation>
        </message>
        <message>
            <source>Hessian H</source>
            <translation>黑塞矩阵 H</translation>
        </message>
        <message>
            <source>&lt;b&gt;gradient&lt;/b&gt;: exact (reverse mode) beside seed 001's central difference (h = {h:g})</source>
            <translation>&lt;b&gt;梯度&lt;/b&gt;：精确值（反向模式）与种子教程 001 的中心差分（h = {h:g}）并列</translation>
        </message>
        <message>
            <source>the Data mode trains on data; the Hessian panel reports on a typed function (Function tab)</source>
            <translation>数据模式在数据上训练；黑塞矩阵面板针对输入的函数（“函数”选项卡）</translation>
        </message>
        <message>
            <source>no run selected</source>
            <translation>没有选中运行</translation>
        </message>
        <message>
            <source>the run's point is not finite (diverged)</source>
            <translation>运行的点不是有限值（已发散）</translation>
        </message>
        <message>
            <source>No Hessian: {reason}.</source>
            <translation>没有黑塞矩阵：{reason}。</translation>
        </message>
        <message>
            <source>Run {run} after {steps} step, f = {f}</source>
            <translation>运行 {run}，{steps} 步之后，f = {f}</translation>
        </message>
        <message>
            <source>Run {run} after {steps} steps, f = {f}</source>
            <translation>运行 {run}，{steps} 步之后，f = {f}</translation>
        </message>
        <message>
            <source>∞ (some λ = 0)</source>
            <translation>∞（有 λ = 0）</translation>
        </message>
        <message>
            <source>a function of x alone: no axes to draw</source>
            <translation>只含 x 的函数：没有轴可画</translation>
        </message>
    </context>
    <context>
        <name>NodeItem</name>
        <message>
            <source>the input x</source>
            <translation>输入 x</translation>
        </message>
        <message>
            <source>the input y</source>
            <translation>输入 y</translation>
        </message>
        <message>
            <source>a constant</source>
            <translation>常数</translation>
        </message>
        <message>
            <source>{name}: {what}
forward value {value}
∂f/∂{name} = {adjoint}</source>
            <translation>{name}：{what}
前向值 {value}
∂f/∂{name} = {adjoint}</translation>
        </message>
        <message>
            <source>const {value}</source>
            <translation>常数 {value}</translation>
        </message>
        <message>
            <source>value {value}</source>
            <translation>值 {value}</translation>
        </message>
    </context>
    <context>
        <name>SweepPanel</name>
        <message>
            <source>Learning-rate sweep</source>
            <translation>学习率扫描</translation>
        </message>
        <message>
            <source>{done} of {total} rates</source>
            <extracomment>up to this many iterates are drawn as dots; more are binned into a density image (a scatter item builds its spots in Python, ~15 µs a dot on the UI thread: 400k would take 6 s)</extracomment>
            <translation>{total} 个学习率中的 {done} 个</translation>
        </message>
        <message>
            <source>a learning rate the selected run's optimizer accepts</source>
            <translation>所选运行的优化器能接受的学习率</translation>
        </message>
        <message>
            <source>how many learning rates K, from the first to the last</source>
            <translation>学习率的个数 K，从第一个到最后一个</translation>
        </message>
        <message>
            <source>log spacing</source>
            <translation>对数间隔</translation>
        </message>
        <message>
            <source>rates a·(b/a)^(i/(K−1)) (ticked) or a + i·(b−a)/(K−1)</source>
            <translation>学习率取 a·(b/a)^(i/(K−1))（勾选时）或 a + i·(b−a)/(K−1)</translation>
        </message>
        <message>
            <source>steps N of each run</source>
            <translation>每次运行的步数 N</translation>
        </message>
        <message>
            <source>the last M iterates of each run drawn as dots (at most N + 1)</source>
            <translation>每次运行最后 M 个迭代点画成圆点（最多 N + 1 个）</translation>
        </message>
        <message>
            <source>Run sweep</source>
            <translation>开始扫描</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>lr from</source>
            <translation>lr 从</translation>
        </message>
        <message>
            <source>to</source>
            <translation>到</translation>
        </message>
        <message>
            <source>rates K</source>
            <translation>个数 K</translation>
        </message>
        <message>
            <source>steps N</source>
            <translation>步数 N</translation>
        </message>
        <message>
            <source>keep M</source>
            <translation>保留 M</translation>
        </message>
        <message>
            <source>last iterates</source>
            <translation>最后的迭代点</translation>
        </message>
        <message>
            <source>final f</source>
            <translation>最终 f</translation>
        </message>
        <message>
            <source>steps to converge</source>
            <translation>收敛所需步数</translation>
        </message>
        <message>
            <source>learning rate α</source>
            <translation>学习率 α</translation>
        </message>
        <message>
            <source>diverged or undefined</source>
            <translation>发散或无定义</translation>
        </message>
        <message>
            <source>not converged in N steps</source>
            <translation>N 步内未收敛</translation>
        </message>
        <message>
            <source>the selected run's α</source>
            <translation>所选运行的 α</translation>
        </message>
        <message>
            <source>(click a plot to load the nearest rate into the selected run)</source>
            <translation>（点击图，把最近的学习率载入所选运行）</translation>
        </message>
        <message>
            <source>keep M must be at most N + 1 = {limit}</source>
            <translation>保留 M 最多为 N + 1 = {limit}</translation>
        </message>
        <message>
            <source>No function to sweep yet.</source>
            <translation>还没有可扫描的函数。</translation>
        </message>
        <message>
            <source>The sweep runs on a typed function: switch to the Function tab.</source>
            <translation>扫描针对输入的函数：请切换到“函数”选项卡。</translation>
        </message>
        <message>
            <source>Sweeping {optimizer} from ({start}): {rates} rates × {steps} steps …</source>
            <translation>正在从 ({start}) 扫描 {optimizer}：{rates} 个学习率 × {steps} 步 …</translation>
        </message>
        <message>
            <source>Sweep cancelled.</source>
            <translation>扫描已取消。</translation>
        </message>
        <message>
            <source>The sweep failed: {error}</source>
            <translation>扫描失败：{error}</translation>
        </message>
        <message>
            <source>A new function: the sweep's plots were cleared.</source>
            <translation>换了新函数：扫描的图已清除。</translation>
        </message>
        <message>
            <source>last iterates x, y</source>
            <translation>最后的迭代点 x, y</translation>
        </message>
        <message>
            <source>last iterates x</source>
            <translation>最后的迭代点 x</translation>
        </message>
        <message>
            <source>{optimizer}: {rates} rates {first:g} … {last:g}, {steps} steps; {stopped} diverged or undefined</source>
            <translation>{optimizer}：{rates} 个学习率 {first:g} … {last:g}，{steps} 步；{stopped} 个发散或无定义</translation>
        </message>
        <message>
            <source>; 2/λmax = {limit:.6g}</source>
            <translation>；2/λmax = {limit:.6g}</translation>
        </message>
        <message>
            <source>; 2/λmax = {limit:.6g} (outside the swept range)</source>
            <translation>；2/λmax = {limit:.6g}（在扫描范围之外）</translation>
        </message>
        <message>
            <source>; {count} iterates beyond the plot's range</source>
            <translation>；{count} 个迭代点超出图的范围</translation>
        </message>
        <message>
            <source>lr {lr:g} not loaded: {error}</source>
            <translation>lr {lr:g} 未载入：{error}</translation>
        </message>
        <message>
            <source>lr = {lr:.6g} loaded into the selected run ({run}).</source>
            <translation>已把 lr = {lr:.6g} 载入所选运行（{run}）。</translation>
        </message>
    </context>
    <context>
        <name>core</name>
        <message>
            <source>−∇f (gradient)</source>
            <translation>−∇f（梯度）</translation>
        </message>
        <message>
            <source>Δθ (last step)</source>
            <translation>Δθ（上一步）</translation>
        </message>
        <message>
            <source>momentum −m</source>
            <translation>动量 −m</translation>
        </message>
        <message>
            <source>second moment 1/(√v+ε)</source>
            <translation>二阶矩 1/(√v+ε)</translation>
        </message>
        <message>
            <source>length ∝ log|v|: {longest:.0%} of view at {top}, −{per_decade:.0%}/decade, ≥ {shortest:.0%}</source>
            <translation>长度 ∝ log|v|：在 {top} 处为视图的 {longest:.0%}，每个数量级 −{per_decade:.0%}，≥ {shortest:.0%}</translation>
        </message>
        <message>
            <source>arrows: log scale, {longest:.0%} of the view at |v| = {top}, {per_decade:.0%} shorter per decade below (at least {shortest:.0%})</source>
            <translation>箭头：对数刻度，|v| = {top} 时为视图的 {longest:.0%}，每低一个数量级短 {per_decade:.0%}（至少 {shortest:.0%}）</translation>
        </message>
        <message>
            <source>box: {reference:.0%} of view at 1/(√v+ε) = 1 (GD), ±{per_decade:.0%}/decade; shape: the axes' true ratio</source>
            <translation>方框：1/(√v+ε) = 1（GD）时为视图的 {reference:.0%}，每个数量级 ±{per_decade:.0%}；形状：各轴的真实比例</translation>
        </message>
        <message>
            <source>boxes: the longer half-side is {reference:.0%} of the view where 1/(√v+ε) = 1 (plain GD), {per_decade:.0%} more per decade above, less below (log scale; raw v, no bias correction); the other keeps the true ratio between the axes (at least {smallest:.1%})</source>
            <translation>方框：1/(√v+ε) = 1（普通 GD）时较长的半边为视图的 {reference:.0%}，每高一个数量级多 {per_decade:.0%}，低则少（对数刻度；原始 v，没有偏差修正）；另一边保持各轴之间的真实比例（至少 {smallest:.1%}）</translation>
        </message>
        <message>
            <source>arrow −g = −∇f: the way plain gradient descent steps</source>
            <translation>箭头 −g = −∇f：普通梯度下降前进的方向</translation>
        </message>
        <message>
            <source>the step from the old point to the new one (a dot), at its true length (a step too short to see also gets an arrow on the log scale)</source>
            <translation>从旧点到新点（圆点）的一步，按真实长度画出（太短看不清的一步另画一支对数刻度的箭头）</translation>
        </message>
        <message>
            <source>a number for this step: nothing to draw</source>
            <translation>这一步的一个数：没有可画的</translation>
        </message>
        <message>
            <source>arrow −{target}: the momentum, the way it pushes</source>
            <translation>箭头 −{target}：动量推动的方向</translation>
        </message>
        <message>
            <source>box 1/(√{target}+ε) per axis: how much each axis's step is scaled compared with plain GD</source>
            <translation>每个轴上的方框 1/(√{target}+ε)：各轴的步长相对普通 GD 被缩放了多少</translation>
        </message>
        <message>
            <source>this state vector has no glyph (no momentum or second-moment role)</source>
            <translation>这个状态向量没有图示（既不是动量也不是二阶矩）</translation>
        </message>
        <message>
            <source>arrow −{target}: a direction made from g or the momentum</source>
            <translation>箭头 −{target}：由 g 或动量得到的方向</translation>
        </message>
        <message>
            <source>box 1/{target} per axis: the step is divided by {target}</source>
            <translation>每个轴上的方框 1/{target}：步长除以 {target}</translation>
        </message>
        <message>
            <source>a value per axis with no glyph</source>
            <translation>每个轴一个值，没有图示</translation>
        </message>
        <message>
            <source>diverged or not converged</source>
            <translation>发散或未收敛</translation>
        </message>
        <message>
            <source>diverged</source>
            <translation>发散</translation>
        </message>
        <message>
            <source>f undefined</source>
            <translation>f 无定义</translation>
        </message>
        <message>
            <source>singular</source>
            <translation>奇异</translation>
        </message>
        <message>
            <source>out of steps</source>
            <translation>步数用完</translation>
        </message>
        <message>
            <source>not a minimum</source>
            <translation>不是极小值</translation>
        </message>
        <message>
            <source>the grid needs at least one start each way, got {nx}x{ny}</source>
            <translation>网格每个方向至少需要一个起点，输入的是 {nx}x{ny}</translation>
        </message>
        <message>
            <source>{done} of {total} starts</source>
            <translation>{total} 个起点中的 {done} 个</translation>
        </message>
    </context>
</TS>
