<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
    <context>
        <name>BatchGradientOverlay</name>
        <message>
            <source>all data (= the batch) |∇L| {size:.2g}</source>
            <extracomment>what is drawn, for tests and tools: the point and the two gradients (∂L/∂w, ∂L/∂b), the batch's None when there is no next batch (the run finished) or it is all the data</extracomment>
            <translation>全部数据（= 这一批）|∇L| {size:.2g}</translation>
        </message>
        <message>
            <source>all data |∇L| {size:.2g}</source>
            <translation>全部数据 |∇L| {size:.2g}</translation>
        </message>
        <message>
            <source>next batch of {count} |∇L| {size:.2g}</source>
            <translation>下一批（{count} 个样本）|∇L| {size:.2g}</translation>
        </message>
        <message>
            <source>white: −∇L over all the data (what gradient descent follows); amber: −∇L of the next update's batch (what SGD follows); the longer one is a fifth of the map</source>
            <translation>白色：全部数据上的 −∇L（梯度下降沿它走）；琥珀色：下一次更新所用那一批的 −∇L（SGD 沿它走）；较长的箭头为等高线图的五分之一</translation>
        </message>
    </context>
    <context>
        <name>DataMode</name>
        <message>
            <source>one epoch</source>
            <extracomment>what one Step (and one Play tick's step) of the race is: every run finishes its current epoch (the same data seen by all: seed 002's comparison), or every run makes one update</extracomment>
            <translation>一轮</translation>
        </message>
        <message>
            <source>one update</source>
            <translation>一次更新</translation>
        </message>
        <message>
            <source>full batch</source>
            <extracomment>a run's share of the UI thread per call: an epoch of SGD over a million samples is split over several calls rather than freezing the window (estimated from measured costs: ~150 ns an update plus ~5 ns (linear) or ~40 ns (logistic) a sample). What a Step asks for and one call cannot do is owed, and done by the DataMode's catch-up timer (CATCH_UP_MS), at most MAX_OWED_EPOCHS ahead. path points a run records per step (more updates than that: every k-th is kept, and the last), and in all (beyond it every other point goes): a million-update epoch must not hold 48 MB a run</extracomment>
            <translation>全批</translation>
        </message>
        <message>
            <source>batch {size}</source>
            <translation>批大小 {size}</translation>
        </message>
        <message>
            <source>the data source is {kind}, not an object</source>
            <translation>数据来源是 {kind}，不是对象</translation>
        </message>
        <message>
            <source>the data source's kind is {kind} (synthetic or csv)</source>
            <translation>数据来源的类型为 {kind}（应为 synthetic 或 csv）</translation>
        </message>
        <message>
            <source>the model is {model} (linear or logistic)</source>
            <translation>模型为 {model}（应为 linear 或 logistic）</translation>
        </message>
        <message>
            <source>a CSV data source needs the file's path</source>
            <translation>CSV 数据来源需要文件路径</translation>
        </message>
        <message>
            <source>n = {n} and seed = {seed} must be whole numbers (n &gt;= 2, seed &gt;= 0)</source>
            <translation>n = {n} 和随机种子 = {seed} 必须是整数（n &gt;= 2，随机种子 &gt;= 0）</translation>
        </message>
        <message>
            <source>w = {w}, b = {b} and noise = {noise} must be finite (noise &gt;= 0)</source>
            <translation>w = {w}、b = {b} 和噪声 = {noise} 必须是有限数（噪声 &gt;= 0）</translation>
        </message>
        <message>
            <source>loading the training kernels</source>
            <translation>正在加载训练内核</translation>
        </message>
        <message>
            <source>checking the data for linear regression</source>
            <translation>正在检查数据是否适用于线性回归</translation>
        </message>
        <message>
            <source>checking the data for logistic regression</source>
            <translation>正在检查数据是否适用于逻辑回归</translation>
        </message>
        <message>
            <source>drawing {n} samples</source>
            <translation>正在抽取 {n} 个样本</translation>
        </message>
        <message>
            <source>finding the minimum of the loss</source>
            <translation>正在寻找损失的极小值</translation>
        </message>
        <message>
            <source>ready</source>
            <translation>就绪</translation>
        </message>
        <message>
            <source>the Data mode is saved as {kind}, not an object</source>
            <extracomment>the layout of :meth:`DataMode.to_state` (a workspace's optional "data" object)</extracomment>
            <translation>数据模式被保存为 {kind}，不是对象</translation>
        </message>
        <message>
            <source>the Data mode has no readable version ({version})</source>
            <translation>数据模式没有可读的版本号（{version}）</translation>
        </message>
        <message>
            <source>the Data mode was saved by a newer gdexplorer (version {version}; this one reads {known})</source>
            <translation>数据模式由更新的 gdexplorer 保存（版本 {version}；本程序只能读取 {known}）</translation>
        </message>
        <message>
            <source>the mode is {mode} (data or function)</source>
            <translation>模式为 {mode}（应为 data 或 function）</translation>
        </message>
        <message>
            <source>the clock is {clock} (epoch or update)</source>
            <translation>时钟为 {clock}（应为 epoch 或 update）</translation>
        </message>
        <message>
            <source>a run's step count is negative</source>
            <translation>某次运行的步数为负</translation>
        </message>
        <message>
            <source>a run's step count is over {limit}</source>
            <translation>某次运行的步数超过 {limit}</translation>
        </message>
        <message>
            <source>the Data mode could not be read (no {name})</source>
            <translation>无法读取数据模式（缺少 {name}）</translation>
        </message>
        <message>
            <source>the Data mode could not be read ({reason})</source>
            <translation>无法读取数据模式（{reason}）</translation>
        </message>
        <message>
            <source>the Data mode has no runs</source>
            <translation>数据模式中没有运行</translation>
        </message>
        <message>
            <source>the range {low:g} to {high:g} is not an interval</source>
            <translation>范围 {low:g} 到 {high:g} 不是一个区间</translation>
        </message>
        <message>
            <source>a run's batch size is {size}</source>
            <translation>某次运行的批大小为 {size}</translation>
        </message>
        <message>
            <source>a run's epochs are {epochs}</source>
            <translation>某次运行的轮数为 {epochs}</translation>
        </message>
        <message>
            <source>a run's start is {start}</source>
            <translation>某次运行的起点为 {start}</translation>
        </message>
        <message>
            <source>synthetic data, n = {n}</source>
            <extracomment>the field it concerns ("csv", "model", "synthetic") and why (the core's message: translate it with app.i18n.tr_message) the field it concerns ("csv", "synthetic") and what the user should know of the data now in use (a workspace's CSV file changed since it was saved) the last CSV source that could not be used (its field shows the path)</extracomment>
            <translation>合成数据，n = {n}</translation>
        </message>
        <message>
            <source>the data could not be made</source>
            <translation>无法生成数据</translation>
        </message>
        <message>
            <source>The workspace's data could not be read: {reason}</source>
            <translation>无法读取工作区的数据：{reason}</translation>
        </message>
        <message>
            <source>Seed 002: gradient descent (all 1000 samples a step), SGD (batch 1) and mini-batch SGD (batch 50), lr 0.02, 50 epochs from (w, b) = (0, 0)</source>
            <translation>种子教程 002：梯度下降（每步用全部 1000 个样本）、SGD（批大小 1）和小批量 SGD（批大小 50），lr 0.02，从 (w, b) = (0, 0) 起训练 50 轮</translation>
        </message>
        <message>
            <source>The workspace's data file {name} is missing: nothing at {path}</source>
            <translation>工作区的数据文件 {name} 不见了：{path} 处没有文件</translation>
        </message>
        <message>
            <source>{name} has changed since the workspace was saved: the runs train on its data as it is now ({n} samples), so their (w, b) differ from the saved ones</source>
            <translation>{name} 在工作区保存之后已被修改：各次运行按它现在的数据（{n} 个样本）训练，因此它们的 (w, b) 与保存时不同</translation>
        </message>
        <message>
            <source>The synthetic data drawn now differs from the workspace's (another version of numpy?): the runs' (w, b) differ from the saved ones</source>
            <translation>现在抽取的合成数据与工作区中的不同（numpy 版本不同？）：各次运行的 (w, b) 与保存时不同</translation>
        </message>
    </context>
    <context>
        <name>DataModeUI</name>
        <message>
            <source>Data and fitted lines</source>
            <extracomment>the titles of the Data mode's own docks, in English; shown through scatter_title() and epochs_title()</extracomment>
            <translation>数据与拟合直线</translation>
        </message>
        <message>
            <source>Loss per epoch and per update</source>
            <translation>每轮与每次更新的损失</translation>
        </message>
        <message>
            <source>Data</source>
            <extracomment>the Data mode's titles of the window's docks (the Function mode's are kept while it is on)</extracomment>
            <translation>数据</translation>
        </message>
        <message>
            <source>Loss map L(w, b): contours and −∇L</source>
            <translation>损失等高线图 L(w, b)：等高线与 −∇L</translation>
        </message>
        <message>
            <source>Loss surface L(w, b)</source>
            <translation>损失曲面 L(w, b)</translation>
        </message>
        <message>
            <source>Curves: L and |∇L| per update</source>
            <translation>曲线：每次更新的 L 与 |∇L|</translation>
        </message>
        <message>
            <source>one epoch of every run (Right arrow)</source>
            <extracomment>Play's first speed in the Data mode: seed 002's 50 epochs in 10 s (each mode keeps its own speed)</extracomment>
            <translation>每次运行前进一轮（右方向键）</translation>
        </message>
        <message>
            <source>one update of every run (Right arrow)</source>
            <translation>每次运行更新一次（右方向键）</translation>
        </message>
        <message>
            <source>Data mode: train (w, b) on data</source>
            <translation>数据模式：在数据上训练 (w, b)</translation>
        </message>
        <message>
            <source>Switch between descending a typed function and training a model on data</source>
            <translation>在“对输入的函数做梯度下降”与“在数据上训练模型”之间切换</translation>
        </message>
        <message>
            <source>Open data CSV…</source>
            <translation>打开数据 CSV…</translation>
        </message>
        <message>
            <source>{name} (log scale)</source>
            <translation>{name}（对数刻度）</translation>
        </message>
        <message>
            <source>arrows of {gradient} (uphill)</source>
            <translation>{gradient} 的箭头（上坡方向）</translation>
        </message>
        <message>
            <source> steps/s</source>
            <translation> 步/秒</translation>
        </message>
        <message>
            <source>one step of every run (Right arrow)</source>
            <translation>每次运行前进一步（右方向键）</translation>
        </message>
        <message>
            <source> epochs/s</source>
            <translation> 轮/秒</translation>
        </message>
        <message>
            <source> updates/s</source>
            <translation> 次更新/秒</translation>
        </message>
        <message>
            <source>in the Data mode each run stops after its epochs ({clock} a step)</source>
            <translation>数据模式中每次运行在完成其轮数后停止（每步为{clock}）</translation>
        </message>
    </context>
    <context>
        <name>DataPanel</name>
        <message>
            <source>Seed 002: GD vs SGD vs mini-batch</source>
            <extracomment>the preset's words (context "DataPanel"), translated where shown</extracomment>
            <translation>种子教程 002：GD、SGD 与小批量对比</translation>
        </message>
        <message>
            <source>Seed 002's experiment in one click: its data (1000 samples of y = 3.5x + 4 + noise 0.5) and three runs at lr 0.02 for 50 epochs from (0, 0):
full-batch gradient descent (batch 1000), SGD (batch 1) and mini-batch SGD (batch 50)</source>
            <translation>一键重现种子教程 002 的实验：它的数据（y = 3.5x + 4 + 噪声 0.5 的 1000 个样本）和三次运行，lr 0.02，从 (0, 0) 起训练 50 轮：
全批梯度下降（批大小 1000）、SGD（批大小 1）和小批量 SGD（批大小 50）</translation>
        </message>
        <message>
            <source>linear regression  ŷ = w·x + b</source>
            <translation>线性回归  ŷ = w·x + b</translation>
        </message>
        <message>
            <source>logistic regression  p = σ(w·x + b)</source>
            <translation>逻辑回归  p = σ(w·x + b)</translation>
        </message>
        <message>
            <source>a CSV file with columns x,y (Return to load)</source>
            <translation>含 x,y 两列的 CSV 文件（按回车加载）</translation>
        </message>
        <message>
            <source>Open CSV…</source>
            <translation>打开 CSV…</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Fit range</source>
            <translation>适配范围</translation>
        </message>
        <message>
            <source>frame the selected run's start and the minimum of the loss</source>
            <translation>让视图同时框住所选运行的起点和损失的极小值</translation>
        </message>
        <message>
            <source>Step = {clock}</source>
            <translation>单步 = {clock}</translation>
        </message>
        <message>
            <source>What Step (→) and each step of Play advance, for every run: one epoch (every run sees all the data once: seed 002's comparison)
or one update (one batch: GD is as far after one update as SGD after one sample)</source>
            <translation>单步（→）和播放的每一步让每次运行前进多少：一轮（每次运行都把全部数据看一遍：种子教程 002 的比较方式）
或一次更新（一批：GD 更新一次与 SGD 看一个样本走得一样远）</translation>
        </message>
        <message>
            <source>samples n</source>
            <translation>样本数 n</translation>
        </message>
        <message>
            <source>true w</source>
            <translation>真实 w</translation>
        </message>
        <message>
            <source>true b</source>
            <translation>真实 b</translation>
        </message>
        <message>
            <source>noise σ</source>
            <translation>噪声 σ</translation>
        </message>
        <message>
            <source>seed</source>
            <translation>随机种子</translation>
        </message>
        <message>
            <source>to</source>
            <translation>到</translation>
        </message>
        <message>
            <source>w range</source>
            <translation>w 范围</translation>
        </message>
        <message>
            <source>b range</source>
            <translation>b 范围</translation>
        </message>
        <message>
            <source>Model</source>
            <translation>模型</translation>
        </message>
        <message>
            <source>Synthetic data (seed 002: y = w·x + b + σ·noise, x ~ N(0, 1))</source>
            <translation>合成数据（种子教程 002：y = w·x + b + σ·噪声，x ~ N(0, 1)）</translation>
        </message>
        <message>
            <source>Or your data</source>
            <translation>或使用你自己的数据</translation>
        </message>
        <message>
            <source>Loss map over (w, b)</source>
            <translation>(w, b) 上的损失等高线图</translation>
        </message>
        <message>
            <source>logistic regression draws its labels from σ(w·x + b): no noise to add</source>
            <translation>逻辑回归的标签按 σ(w·x + b) 抽取：无需另加噪声</translation>
        </message>
        <message>
            <source>Making the data…</source>
            <translation>正在生成数据…</translation>
        </message>
        <message>
            <source>Training on &lt;b&gt;{name}&lt;/b&gt;: {n} samples.</source>
            <translation>在 &lt;b&gt;{name}&lt;/b&gt; 上训练：{n} 个样本。</translation>
        </message>
        <message>
            <source>least squares</source>
            <translation>最小二乘</translation>
        </message>
        <message>
            <source>Newton on all the data</source>
            <translation>在全部数据上用牛顿法</translation>
        </message>
        <message>
            <source>Minimum of the loss ({how}): L* = {loss:.4g} at (w*, b*) = ({w:.4g}, {b:.4g}).</source>
            <translation>损失的极小值（{how}）：L* = {loss:.4g}，位于 (w*, b*) = ({w:.4g}, {b:.4g})。</translation>
        </message>
        <message>
            <source>No minimum: the classes are separable, the loss falls forever as |w| grows.</source>
            <translation>没有极小值：两类可以完全分开，|w| 越大损失越小，永无止境。</translation>
        </message>
        <message>
            <source>type the path of a CSV file, or press Open CSV…</source>
            <translation>请输入 CSV 文件的路径，或点击“打开 CSV…”</translation>
        </message>
        <message>
            <source>Open data (CSV with columns x,y)</source>
            <translation>打开数据（含 x,y 两列的 CSV）</translation>
        </message>
        <message>
            <source>CSV (*.csv *.txt);;All files (*)</source>
            <translation>CSV (*.csv *.txt);;所有文件 (*)</translation>
        </message>
        <message>
            <source>; </source>
            <translation>；</translation>
        </message>
        <message>
            <source>{axis} min ({low:g}) must be less than {axis} max ({high:g})</source>
            <translation>{axis} 最小值（{low:g}）必须小于 {axis} 最大值（{high:g}）</translation>
        </message>
        <message>
            <source>{problems} — the map keeps {ranges}</source>
            <translation>{problems}——等高线图保持 {ranges}</translation>
        </message>
        <message>
            <source>Loading {what}…</source>
            <translation>正在加载 {what}…</translation>
        </message>
        <message>
            <source>The data was not changed.</source>
            <translation>数据没有改变。</translation>
        </message>
        <message>
            <source>Loading cancelled: the data was not changed.</source>
            <translation>已取消加载：数据没有改变。</translation>
        </message>
    </context>
    <context>
        <name>DataRunForm</name>
        <message>
            <source>all (GD)</source>
            <translation>全部（GD）</translation>
        </message>
        <message>
            <source>1 (SGD)</source>
            <translation>1（SGD）</translation>
        </message>
        <message>
            <source>m (mini-batch)</source>
            <translation>m（小批量）</translation>
        </message>
        <message>
            <source>How many samples each update's gradient averages: all of them (full-batch gradient descent, one update an epoch),
one (SGD, n updates an epoch, noisy) or m (mini-batch, ceil(n/m) updates an epoch)</source>
            <translation>每次更新的梯度对多少个样本求平均：全部（全批梯度下降，每轮更新一次），
一个（SGD，每轮更新 n 次，有噪声）或 m 个（小批量，每轮更新 ⌈n/m⌉ 次）</translation>
        </message>
        <message>
            <source>passes over the data; the run stops after them</source>
            <translation>遍历数据的轮数；运行在完成这些轮后停止</translation>
        </message>
        <message>
            <source>batch size</source>
            <translation>批大小</translation>
        </message>
        <message>
            <source>epochs</source>
            <translation>轮数</translation>
        </message>
        <message>
            <source>1 update an epoch over {n} samples; {total} in {epochs} epochs</source>
            <translation>{n} 个样本上每轮更新 1 次；{epochs} 轮共 {total} 次</translation>
        </message>
        <message>
            <source>{count} updates an epoch over {n} samples; {total} in {epochs} epochs</source>
            <translation>{n} 个样本上每轮更新 {count} 次；{epochs} 轮共 {total} 次</translation>
        </message>
    </context>
    <context>
        <name>DataScatterView</name>
        <message>
            <source>The data and each run's fitted line show in the Data mode (the Data tab of the Function dock).</source>
            <translation>数据和各次运行的拟合直线在数据模式中显示（函数面板的“数据”标签页）。</translation>
        </message>
        <message>
            <source>{column} (label) and p</source>
            <translation>{column}（标签）与 p</translation>
        </message>
        <message>
            <source>{n} samples</source>
            <translation>{n} 个样本</translation>
        </message>
        <message>
            <source>{shown} of {n} samples (a fixed random subset)</source>
            <translation>{n} 个样本中的 {shown} 个（固定的随机子集）</translation>
        </message>
        <message>
            <source>dots: {dots}; lines: each run's {model} at its current (w, b); dashed: the minimum of the loss</source>
            <translation>点：{dots}；线：各次运行在当前 (w, b) 处的 {model}；虚线：损失的极小值</translation>
        </message>
    </context>
    <context>
        <name>EpochCurvesView</name>
        <message>
            <source>Loss per epoch: in the Data mode</source>
            <translation>每轮的损失：在数据模式中显示</translation>
        </message>
        <message>
            <source>epoch</source>
            <translation>轮</translation>
        </message>
        <message>
            <source>L (all data)</source>
            <translation>L（全部数据）</translation>
        </message>
        <message>
            <source>L (each update's batch)</source>
            <translation>L（每次更新所用的批）</translation>
        </message>
        <message>
            <source>1 run shown</source>
            <translation>显示 1 次运行</translation>
        </message>
        <message>
            <source>{count} runs shown</source>
            <translation>显示 {count} 次运行</translation>
        </message>
        <message>
            <source>dashed: the least loss L* = {loss:.4g}</source>
            <translation>虚线：最小损失 L* = {loss:.4g}</translation>
        </message>
        <message>
            <source>Left: the loss on all the data after each epoch; right: the loss of each update's batch. No (w, b) does better than L* on these samples. {shown}.</source>
            <translation>左：每轮结束时全部数据上的损失；右：每次更新所用那一批的损失。在这些样本上没有哪个 (w, b) 能低于 L*。{shown}。</translation>
        </message>
    </context>
    <context>
        <name>ModeSwitcher</name>
        <message>
            <source>Function</source>
            <translation>函数</translation>
        </message>
        <message>
            <source>Data</source>
            <translation>数据</translation>
        </message>
        <message>
            <source>Descend a function of x and y that you type</source>
            <translation>对你输入的 x、y 的函数做梯度下降</translation>
        </message>
        <message>
            <source>Train a model's (w, b) on data: full-batch GD, SGD and mini-batch SGD on the loss surface (seed 002)</source>
            <translation>在数据上训练模型的 (w, b)：全批 GD、SGD 与小批量 SGD 在损失曲面上的比较（种子教程 002）</translation>
        </message>
    </context>
    <context>
        <name>Workspace</name>
        <message>
            <source>Expecting value</source>
            <extracomment>Python's words for the usual JSON mistakes, translated where shown (others stay as Python says them)</extracomment>
            <translation>此处应有一个值</translation>
        </message>
        <message>
            <source>Expecting property name enclosed in double quotes</source>
            <translation>此处应有用双引号括起的属性名</translation>
        </message>
        <message>
            <source>Expecting ',' delimiter</source>
            <translation>此处应有分隔符 ','</translation>
        </message>
        <message>
            <source>Expecting ':' delimiter</source>
            <translation>此处应有分隔符 ':'</translation>
        </message>
        <message>
            <source>Extra data</source>
            <translation>多余的数据</translation>
        </message>
        <message>
            <source>Invalid control character at</source>
            <translation>无效的控制字符</translation>
        </message>
        <message>
            <source>No such file or directory</source>
            <extracomment>the system's words for the usual reasons a file cannot be read or written</extracomment>
            <translation>没有这个文件或目录</translation>
        </message>
        <message>
            <source>Permission denied</source>
            <translation>权限不足</translation>
        </message>
        <message>
            <source>No space left on device</source>
            <translation>磁盘空间不足</translation>
        </message>
        <message>
            <source>Read-only file system</source>
            <translation>只读文件系统</translation>
        </message>
        <message>
            <source>the workspace</source>
            <translation>该工作区</translation>
        </message>
        <message>
            <source>{name} is empty</source>
            <translation>{name} 是空的</translation>
        </message>
        <message>
            <source>{name} is cut short (truncated at line {line}, column {column})</source>
            <translation>{name} 不完整（在第 {line} 行第 {column} 列处被截断）</translation>
        </message>
        <message>
            <source>{name} is not valid JSON: {problem} (line {line}, column {column})</source>
            <translation>{name} 不是有效的 JSON：{problem}（第 {line} 行第 {column} 列）</translation>
        </message>
        <message>
            <source>{name} is not a gdexplorer workspace (no "format": "{format}")</source>
            <translation>{name} 不是 gdexplorer 工作区（没有 "format": "{format}"）</translation>
        </message>
        <message>
            <source>{name} has no readable version ({version})</source>
            <translation>{name} 没有可读的版本号（{version}）</translation>
        </message>
        <message>
            <source>{name} was saved by a newer gdexplorer ({app}, workspace version {version}; this one reads version {known}): update gdexplorer to open it</source>
            <translation>{name} 由更新的 gdexplorer 保存（{app}，工作区版本 {version}；本程序只能读取版本 {known}）：请升级 gdexplorer 后再打开</translation>
        </message>
        <message>
            <source>{name} has no session (the function and the runs)</source>
            <translation>{name} 中没有会话（函数与各次运行）</translation>
        </message>
        <message>
            <source>{name}: "{key}" should be an object, got {kind}</source>
            <translation>{name}："{key}" 应为对象，实际为 {kind}</translation>
        </message>
        <message>
            <source>{name} is {size:.0f} MiB: too large to be a workspace</source>
            <translation>{name} 有 {size:.0f} MiB：太大，不可能是工作区</translation>
        </message>
        <message>
            <source>{name} is a folder, not a workspace file</source>
            <translation>{name} 是文件夹，不是工作区文件</translation>
        </message>
        <message>
            <source>cannot read {name}: {reason}</source>
            <translation>无法读取 {name}：{reason}</translation>
        </message>
        <message>
            <source>{name} is not a text file (byte {byte} is not UTF-8)</source>
            <translation>{name} 不是文本文件（第 {byte} 个字节不是 UTF-8）</translation>
        </message>
        <message>
            <source>the workspace has a value JSON cannot hold ({reason})</source>
            <translation>工作区中有 JSON 无法保存的值（{reason}）</translation>
        </message>
        <message>
            <source>{name} is a folder</source>
            <translation>{name} 是文件夹</translation>
        </message>
        <message>
            <source>cannot write in {folder}: {reason}</source>
            <translation>无法在 {folder} 中写入：{reason}</translation>
        </message>
        <message>
            <source>cannot write {name}: {reason}</source>
            <translation>无法写入 {name}：{reason}</translation>
        </message>
    </context>
    <context>
        <name>WorkspaceMenu</name>
        <message>
            <source>gdexplorer workspaces (*.json);;All files (*)</source>
            <translation>gdexplorer 工作区 (*.json);;所有文件 (*)</translation>
        </message>
        <message>
            <source>gdexplorer did not close properly: work autosaved at {time} ({name}).</source>
            <translation>gdexplorer 上次未正常关闭：工作已于 {time} 自动保存（{name}）。</translation>
        </message>
        <message>
            <source>gdexplorer did not close properly: work autosaved at {time}.</source>
            <translation>gdexplorer 上次未正常关闭：工作已于 {time} 自动保存。</translation>
        </message>
        <message>
            <source>Recover</source>
            <translation>恢复</translation>
        </message>
        <message>
            <source>Discard</source>
            <translation>丢弃</translation>
        </message>
        <message>
            <source>Open workspace…</source>
            <translation>打开工作区…</translation>
        </message>
        <message>
            <source>Save workspace</source>
            <translation>保存工作区</translation>
        </message>
        <message>
            <source>Save workspace as…</source>
            <translation>工作区另存为…</translation>
        </message>
        <message>
            <source>Recent workspaces</source>
            <translation>最近的工作区</translation>
        </message>
        <message>
            <source>Autosave failed: {reason}</source>
            <translation>自动保存失败：{reason}</translation>
        </message>
        <message>
            <source>Could not open the workspace: {reason}</source>
            <translation>无法打开工作区：{reason}</translation>
        </message>
        <message>
            <source>Opened {name}</source>
            <translation>已打开 {name}</translation>
        </message>
        <message>
            <source>Could not save the workspace: {reason}</source>
            <translation>无法保存工作区：{reason}</translation>
        </message>
        <message>
            <source>Saved {name}</source>
            <translation>已保存 {name}</translation>
        </message>
        <message>
            <source>Open workspace</source>
            <translation>打开工作区</translation>
        </message>
        <message>
            <source>(none)</source>
            <translation>（无）</translation>
        </message>
        <message>
            <source>Could not recover: {reason}</source>
            <translation>无法恢复：{reason}</translation>
        </message>
        <message>
            <source>Recovered the autosaved work</source>
            <translation>已恢复自动保存的工作</translation>
        </message>
    </context>
</TS>
